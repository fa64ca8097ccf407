import { DomainList } from "@/components/domains/domain-list";

export default function DomainsPage() {
  return (
    <section>
      <h1 className="mb-3 text-lg font-semibold">Domains</h1>
      <DomainList />
    </section>
  );
}
