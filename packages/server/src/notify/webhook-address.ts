// Where webhooks may go. A firm's endpoint must be on the public internet: never this machine,
// the private network, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, the
// unspecified address, or an IPv6 form of any of these. Checked when an endpoint is saved and
// again at every delivery, on the address actually connected to (a name may resolve elsewhere by
// then: DNS rebinding). The operator may allow ranges (WEBHOOK_ALLOW_CIDRS), e.g. an intranet.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Ranges no webhook may reach unless the operator allows them. */
const FORBIDDEN_RANGES: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", 0.0.0.0
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relay
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['::', 96, 'ipv6'], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96, 'ipv6'], // NAT64: reaches IPv4 addresses
  ['64:ff9b:1::', 48, 'ipv6'], // local NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4: embeds an IPv4 address
  ['fc00::', 7, 'ipv6'], // unique local (fd00:ec2::254 is AWS metadata)
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const forbidden = new BlockList();
for (const [network, prefix, type] of FORBIDDEN_RANGES) forbidden.addSubnet(network, prefix, type);

/**
 * IPv4-mapped IPv6 (::ffff:a.b.c.d). Kept apart: node's BlockList matches every IPv4 address
 * against this rule, so it can only be asked about IPv6 addresses.
 */
const ipv4Mapped = new BlockList();
ipv4Mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

export type AddressPolicy = {
  /** CIDR ranges the operator allows although they are not public, e.g. "10.1.0.0/16". */
  allowCidrs: readonly string[];
};

/** `WEBHOOK_ALLOW_CIDRS="10.1.0.0/16, 127.0.0.1/32"` → the list; throws on a malformed entry. */
export function parseCidrList(text: string | undefined): string[] {
  const list = (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const cidr of list) allowList([cidr]);
  return list;
}

function allowList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, prefixText] = cidr.split('/');
    const type = isIP(network ?? '');
    const prefix = prefixText === undefined ? (type === 6 ? 128 : 32) : Number(prefixText);
    if (type === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (type === 6 ? 128 : 32))
      throw new Error(`not a CIDR range: ${JSON.stringify(cidr)} (e.g. 10.0.0.0/8 or fd00::/8)`);
    list.addSubnet(network!, prefix, type === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const allowListCache = new WeakMap<readonly string[], BlockList>();

/** Why `address` (an IP literal) may not receive webhooks, or null when it may. */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  const bare = address.startsWith('[') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 0) return 'is not an IP address';
  const type = version === 6 ? 'ipv6' : 'ipv4';
  let allowed = allowListCache.get(policy.allowCidrs);
  if (!allowed) {
    allowed = allowList(policy.allowCidrs);
    allowListCache.set(policy.allowCidrs, allowed);
  }
  if (allowed.check(bare, type)) return null;
  if (version === 6 && ipv4Mapped.check(bare, 'ipv6'))
    return 'is an IPv4-mapped IPv6 address; use the IPv4 address';
  if (forbidden.check(bare, type))
    return 'points to a private, loopback, link-local or otherwise non-public address';
  return null;
}

/** An address refused by the policy, raised from the connection's lookup. */
export class AddressRefused extends Error {
  readonly code = 'EADDRREFUSED';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`webhook address ${address} refused: ${reason}`);
  }
}

/** The host resolved to nothing usable. */
export class HostNotResolved extends Error {
  readonly code = 'EHOSTNOTRESOLVED';
  constructor(readonly host: string) {
    super(`webhook host ${host} could not be resolved`);
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(new HostNotResolved(host)) : resolve(addresses),
    ),
  );
}

/**
 * Resolves `host` (a name or an IP literal, as in URL.hostname) and checks every address it
 * resolves to: one refused address refuses the host (a name that also points inside is not an
 * endpoint on the internet). Returns the addresses, which the caller connects to.
 */
export async function resolveAllowed(
  host: string,
  policy: AddressPolicy,
): Promise<LookupAddress[]> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) }]
    : await resolveAll(bare.endsWith('.') ? bare.slice(0, -1) : bare);
  if (addresses.length === 0) throw new HostNotResolved(host);
  for (const a of addresses) {
    const reason = addressRefusal(a.address, policy);
    if (reason) throw new AddressRefused(a.address, reason);
  }
  return addresses;
}

/**
 * A `lookup` for http.request that answers with addresses already resolved and checked, so the
 * connection goes exactly where the check looked (no second DNS answer in between).
 */
export function pinnedLookup(addresses: LookupAddress[]) {
  return (
    _hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    if (typeof options === 'object' && options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}
