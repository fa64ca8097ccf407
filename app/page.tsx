import { DomainList } from "@/components/domains/domain-list";

export default function DomainsPage() {
  return (
    <section className="flex flex-col gap-2">
      <h1 className="text-lg font-semibold">Domains</h1>
      <DomainList />
    </section>
  );
}
