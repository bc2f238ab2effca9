// Who can reach the auth pods in Kubernetes, and whose X-Forwarded-For they believe: the assertions that
// .ci/checks/30-k8s-manifests.sh runs on k8s/ (after the schema checks), with the broken copies that must fail them.
// Plain functions on parsed manifests, no packages: problems(...) returns what is wrong, [] when all is well.

// the only peers a NetworkPolicy of the auth pods may admit; each is ONE peer with both selectors where it names a
// namespace (two peers would admit the whole namespace, or the labelled pods of our own namespace)
export const ALLOWED_PEERS = [
  { what: 'the ingress controller', required: true,
    namespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' }, pods: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  { what: 'the labelled clients', required: true, namespace: null, pods: { 'cinema-auth/client': 'true' } },
  { what: 'Prometheus', required: false,
    namespace: { 'kubernetes.io/metadata.name': 'monitoring' }, pods: { 'app.kubernetes.io/name': 'prometheus' } },
];

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const sameLabels = (a, b) => isObject(a) && Object.keys(a).length === Object.keys(b).length
  && Object.entries(b).every(([k, v]) => a[k] === v);
const plainSelector = (s) => isObject(s) && !(s.matchExpressions?.length) && Object.keys(s).every((k) => ['matchLabels', 'matchExpressions'].includes(k));

// does the selector pick pods with these labels? (matchExpressions: assume it may, so its rules are judged)
function selects(selector, labels) {
  if (!isObject(selector)) return false;
  if (selector.matchExpressions?.length) return true;
  return Object.entries(selector.matchLabels || {}).every(([k, v]) => labels[k] === v);
}

function peerKind(peer) {
  if (!isObject(peer)) return null;
  if (peer.ipBlock !== undefined) return null;
  return ALLOWED_PEERS.find((a) => {
    if (!plainSelector(peer.podSelector) || !sameLabels(peer.podSelector.matchLabels, a.pods)) return false;
    if (a.namespace === null) return peer.namespaceSelector === undefined;
    return plainSelector(peer.namespaceSelector) && sameLabels(peer.namespaceSelector.matchLabels, a.namespace);
  }) || null;
}

/**
 * policies: every NetworkPolicy in k8s/; podLabels: the Deployment's pod template labels; namedPorts: container port
 * name -> number. Policies are additive, so every policy that selects the pods is judged, and the union must admit
 * the ingress controller and the clients.
 */
export function networkPolicyProblems(policies, podLabels, namedPorts, httpPort = 8080) {
  const found = [];
  const mine = (policies || []).filter((p) => selects(p?.spec?.podSelector, podLabels));
  if (mine.length === 0) return ['no NetworkPolicy selects the auth pods (podSelector must match the Deployment\'s pod labels)'];
  const admitted = new Set();
  for (const p of mine) {
    const name = `NetworkPolicy ${p.metadata?.name}`;
    const spec = p.spec || {};
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : null;
    const rules = Array.isArray(spec.ingress) ? spec.ingress : [];
    if (!types || !types.includes('Ingress')) found.push(`${name}: policyTypes must list Ingress (else it isolates nothing)`);
    if (types?.includes('Egress') && !(Array.isArray(spec.egress) && spec.egress.length)) {
      found.push(`${name}: Egress without egress rules cuts the pods off PostgreSQL, Redis and DNS`);
    }
    if (rules.length && !(plainSelector(spec.podSelector) && Object.keys(spec.podSelector.matchLabels || {}).length)) {
      found.push(`${name}: its rules apply to an empty or expression podSelector (every pod of the namespace), not to the auth pods by label`);
    }
    rules.forEach((rule, i) => {
      const where = `${name}: ingress[${i}]`;
      if (!isObject(rule) || !Array.isArray(rule.from) || rule.from.length === 0) {
        found.push(`${where} has no "from": it admits every source`);
        return;
      }
      if (!Array.isArray(rule.ports) || rule.ports.length === 0) found.push(`${where} has no "ports": it admits every port`);
      for (const port of rule.ports || []) {
        const number = typeof port?.port === 'string' ? namedPorts[port.port] : port?.port;
        if (number !== httpPort || port.endPort !== undefined || (port.protocol && port.protocol !== 'TCP')) {
          found.push(`${where} admits port ${JSON.stringify(port)}: only TCP ${httpPort} (http) is served`);
        }
      }
      rule.from.forEach((peer, j) => {
        const kind = peerKind(peer);
        if (!kind) {
          found.push(`${where}.from[${j}] admits ${JSON.stringify(peer)}: neither ${ALLOWED_PEERS.map((a) => a.what).join(', ')} (one peer each)`);
        } else {
          admitted.add(kind.what);
        }
      });
    });
  }
  for (const a of ALLOWED_PEERS.filter((x) => x.required)) {
    if (!admitted.has(a.what)) found.push(`no NetworkPolicy rule admits ${a.what}: the service would be unreachable for them`);
  }
  return found;
}

// --- AUTH_TRUSTED_PROXIES ---------------------------------------------------------------------------------------

function parseIp(text) {
  const t = text.replace(/^\[|\]$/g, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    const parts = t.split('.').map(Number);
    if (parts.some((x) => x > 255)) return null;
    return { v: 4, bits: parts.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n), width: 32 };
  }
  if (!/^[0-9a-fA-F:]+$/.test(t) || !t.includes(':')) return null;
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { v: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

export function parseCidr(text) {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const prefix = prefixText === undefined ? ip.width : (/^\d+$/.test(prefixText) ? Number(prefixText) : NaN);
  if (!(prefix >= 0 && prefix <= ip.width)) return null;
  return { ...ip, prefix };
}

const contains = (outer, inner) => outer.v === inner.v && outer.prefix <= inner.prefix
  && (outer.bits >> BigInt(outer.width - outer.prefix)) === (inner.bits >> BigInt(inner.width - outer.prefix));

// whole ranges nobody may trust: the private ranges, and the pod networks of common cluster set-ups
export const WIDE_RANGES = [
  ['0.0.0.0/0', 'every IPv4 address'], ['::/0', 'every IPv6 address'],
  ['10.0.0.0/8', 'the private range 10.0.0.0/8 (also Cilium\'s default pod pool)'],
  ['172.16.0.0/12', 'the private range 172.16.0.0/12'], ['192.168.0.0/16', 'the private range 192.168.0.0/16 (Calico\'s default pod network)'],
  ['100.64.0.0/10', 'the shared address space 100.64.0.0/10'], ['fc00::/7', 'the unique-local IPv6 range fc00::/7'],
  ['10.244.0.0/16', 'the pod network 10.244.0.0/16 (kubeadm/flannel, kind)'], ['10.42.0.0/16', 'the pod network 10.42.0.0/16 (k3s, RKE2)'],
  ['10.1.0.0/16', 'the pod network 10.1.0.0/16 (MicroK8s)'], ['10.96.0.0/12', 'the service network 10.96.0.0/12'],
].map(([c, what]) => ({ net: parseCidr(c), what }));

export const NARROWEST = { 4: 24, 6: 112 };

export function trustedProxyProblems(value) {
  const entries = String(value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length);
  if (entries.length === 0) return ['AUTH_TRUSTED_PROXIES is empty: set it to the ingress controller\'s addresses'];
  const found = [];
  for (const e of entries) {
    const net = parseCidr(e);
    if (!net) { found.push(`AUTH_TRUSTED_PROXIES entry "${e}" is not an IP address or CIDR`); continue; }
    const wide = WIDE_RANGES.find((w) => contains(net, w.net));
    if (wide) found.push(`AUTH_TRUSTED_PROXIES entry ${e} covers ${wide.what}: any pod there could forge X-Forwarded-For`);
    else if (net.prefix < NARROWEST[net.v]) found.push(`AUTH_TRUSTED_PROXIES entry ${e} is wider than a /${NARROWEST[net.v]}: trust the ingress controller's own addresses only`);
  }
  return found;
}

// --- the broken copies that must be rejected ----------------------------------------------------------------------

export const TRUSTED_PROXY_NEGATIVES = [
  '10.244.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '0.0.0.0/0', '10.244.0.0/20',
  '10.244.255.240/28,10.244.0.0/16', '::/0', 'fd00::/8', '', 'ingress-nginx', '10.244.255.240/33',
];

// mutate(policies, mine): policies is a copy of every NetworkPolicy, mine the copy of the auth service's own
const rule = (mine, i) => mine.spec.ingress[i];
export const NETWORK_POLICY_NEGATIVES = [
  ['a podSelector that misses the pods', (ps, mine) => { mine.spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'cinema-auht' } }; }],
  ['an empty podSelector (every pod of the namespace)', (ps, mine) => { mine.spec.podSelector = {}; }],
  ['a rule without "from" (every source)', (ps, mine) => { delete rule(mine, 0).from; }],
  ['an ipBlock 0.0.0.0/0 peer', (ps, mine) => { rule(mine, 1).from.push({ ipBlock: { cidr: '0.0.0.0/0' } }); }],
  ['the ingress namespace and pods as two peers (either admitted)', (ps, mine) => {
    const [peer] = rule(mine, 0).from;
    rule(mine, 0).from = [{ namespaceSelector: peer.namespaceSelector }, { podSelector: peer.podSelector }];
  }],
  ['the whole ingress-nginx namespace', (ps, mine) => { delete rule(mine, 0).from[0].podSelector; }],
  ['the client label in any namespace', (ps, mine) => { rule(mine, 1).from[0].namespaceSelector = {}; }],
  ['every pod of the namespace', (ps, mine) => { rule(mine, 1).from[0].podSelector = {}; }],
  ['a rule without ports (every port)', (ps, mine) => { delete rule(mine, 1).ports; }],
  ['another port (9000)', (ps, mine) => { rule(mine, 0).ports.push({ port: 9000, protocol: 'TCP' }); }],
  ['no rule for the labelled clients', (ps, mine) => { mine.spec.ingress.splice(1, 1); }],
  ['no rule for the ingress controller', (ps, mine) => { mine.spec.ingress.splice(0, 1); }],
  ['Egress without egress rules', (ps, mine) => { mine.spec.policyTypes.push('Egress'); }],
  ['policyTypes "Ingress" as a string (schema)', (ps, mine) => { mine.spec.policyTypes = 'Ingress'; }],
  ['a misspelt field (schema)', (ps, mine) => { mine.spec.ingres = mine.spec.ingress; delete mine.spec.ingress; }],
  ['a second policy that admits everyone to the pods', (ps, mine) => {
    ps.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all' },
      spec: { podSelector: structuredClone(mine.spec.podSelector), policyTypes: ['Ingress'], ingress: [{}] } });
  }],
];
