import dns from 'node:dns';
import net from 'node:net';

/**
 * The SSRF guard of outgoing webhooks (docs/webhooks.md, "SSRF"): an admin types a URL and the
 * server POSTs to it, so without a guard anyone with the admin role could make preroll call its
 * own loopback services, the private network it runs in, or a cloud metadata address
 * (169.254.169.254). Every address a host name resolves to is checked, at registration and again
 * at connect time (the lookup the socket itself uses), so a name that resolves to a public address
 * when saved and to 127.0.0.1 later (DNS rebinding) is refused too. An operator may allow chosen
 * addresses or ranges (PREROLL_WEBHOOKS_ALLOW_PRIVATE), for receivers on their own network.
 */
const REFUSED_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const REFUSED_V6: Array<[string, number, string]> = [
  ['::', 96, 'an unspecified or IPv4-compatible address'],
  ['64:ff9b::', 96, 'a NAT64 address'],
  ['64:ff9b:1::', 48, 'a local NAT64 address'],
  ['100::', 64, 'a discard address'],
  ['2001::', 32, 'a Teredo address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a unique local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

export class WebhookTargetRefusedError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `${address} is ${reason}; webhooks are not sent there unless an operator allows it (PREROLL_WEBHOOKS_ALLOW_PRIVATE)`,
    );
    this.name = 'WebhookTargetRefusedError';
  }
}

export class WebhookTargetGuard {
  private readonly allowed = new net.BlockList();

  /** `allow`: addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `fd00::/8`) the operator allows. */
  constructor(allow: readonly string[] = []) {
    for (const entry of allow) {
      const [address, bits] = entry.split('/');
      const family = net.isIPv6(address!) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.allowed.addAddress(address!, family);
      else this.allowed.addSubnet(address!, Number(bits), family);
    }
  }

  /** Why an address is refused, or null when webhooks may go there. */
  refusal(address: string): string | null {
    const family = net.isIP(address);
    if (family === 0) return 'not an IP address';
    const v4 = family === 4 ? address : embeddedIpv4(address);
    if (this.isAllowed(address, family) || (v4 && v4 !== address && this.isAllowed(v4, 4))) return null;
    if (v4) {
      const hit = REFUSED_V4.find(([net4, bits]) => inSubnet(v4, net4, bits, 'ipv4'));
      if (hit) return hit[2];
      if (family === 4) return null;
    }
    if (address === '::1') return 'a loopback address';
    const hit = REFUSED_V6.find(([net6, bits]) => inSubnet(address, net6, bits, 'ipv6'));
    return hit ? hit[2] : null;
  }

  /** Throws WebhookTargetRefusedError for a refused address. */
  check(address: string): void {
    const reason = this.refusal(address);
    if (reason) throw new WebhookTargetRefusedError(address, reason);
  }

  /** Every address the host resolves to must be allowed (an IP literal is checked as it is). */
  async checkHost(host: string): Promise<void> {
    const bare = host.replace(/^\[|\]$/g, '');
    if (net.isIP(bare)) return this.check(bare);
    const addresses = await dns.promises.lookup(bare, { all: true, verbatim: true });
    for (const { address } of addresses) this.check(address);
  }

  /**
   * A `lookup` for http.request: resolves like dns.lookup and refuses the connection when any
   * address is refused, so the check and the connection use the same answer.
   */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      try {
        for (const { address } of addresses) this.check(address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 4);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as AllCallback)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

  private isAllowed(address: string, family: number): boolean {
    return this.allowed.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;

function inSubnet(address: string, network: string, bits: number, family: 'ipv4' | 'ipv6'): boolean {
  const list = new net.BlockList();
  list.addSubnet(network, bits, family);
  return list.check(address, family);
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or 6to4 (2002:aabb:ccdd::) address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) return hexPairToIpv4(mappedHex[1]!, mappedHex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(:|$)/.exec(lower);
  if (sixToFour) return hexPairToIpv4(sixToFour[1]!, sixToFour[2]!);
  return null;
}

function hexPairToIpv4(high: string, low: string): string {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join('.');
}
