/**
 * Address ranges as Node's `BlockList` holds them, for the settings that list addresses and CIDR
 * ranges (`CONSOLE_TRUSTED_PROXIES`, `CONSOLE_WEBHOOK_ALLOW`).
 */
import { isIP, type BlockList } from "node:net";

/** The family `BlockList` files an address under (IPv4 unless it is IPv6). */
export const familyOf = (address: string): "ipv4" | "ipv6" =>
  isIP(address) === 6 ? "ipv6" : "ipv4";

/** Adds `a.b.c.d`, `a.b.c.d/n` or their IPv6 forms to `list` (BlockList refuses a bad prefix). */
export function addRange(list: BlockList, range: string): void {
  const [address, bits] = range.split("/");
  if (bits === undefined) list.addAddress(address, familyOf(address));
  else list.addSubnet(address, Number(bits), familyOf(address));
}
