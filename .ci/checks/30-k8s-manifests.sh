#!/usr/bin/env bash
# Validates k8s/ offline: every manifest against the Kubernetes schemas (npm's kubernetes-models, installed with npm ci
# from the lockfile in lib/ into a temporary directory), unknown fields (a misspelt key, which those schemas let through, found with
# the field lists of the official client's models, @kubernetes/client-node), plus what schemas cannot see: apiVersion/kind pairs, probe paths and
# ports, selectors, secret and config references, the key file locations, graceful-shutdown timing, the Job's
# arguments. A deliberately broken copy of the Deployment must be rejected, so the validator is known to bite.
# Exposure (lib/k8s_exposure.mjs): the NetworkPolicy selects the Deployment's pods and admits only the ingress
# controller, the pods labelled cinema-auth/client=true (and Prometheus) on the http port; AUTH_TRUSTED_PROXIES names
# no whole private range or pod network (nothing wider than a /24). Broken copies of both must be rejected too.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

need_node() { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }
if ! need_node; then
  echo "k8s: installing nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "k8s: installing kubernetes-models, yaml and @kubernetes/client-node into $work (npm ci: .ci/checks/lib/package-lock.json)"
cp .ci/checks/lib/package.json .ci/checks/lib/package-lock.json "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

cat > "$work/validate.mjs" <<'EOF'
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';

const root = process.argv[2];
const modelDir = path.join(process.argv[3], 'node_modules/@kubernetes/client-node/dist/gen/models');
const dir = path.join(root, 'k8s');
let failures = 0;
const ok = (msg) => console.log(`  ok   ${msg}`);
const check = (cond, msg) => { if (cond) ok(msg); else { failures++; console.log(`  FAIL ${msg}`); } };

const models = {
  'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service,
  'apps/v1/Deployment': Deployment, 'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget, 'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress, 'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const docs = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const parsed = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const d of parsed) {
    check(d.errors.length === 0, `${file}: YAML parses${d.errors.length ? ': ' + d.errors[0].message : ''}`);
    const obj = d.toJS();
    if (obj) docs.push({ file, obj });
  }
}

for (const { file, obj } of docs) {
  const id = `${obj.apiVersion}/${obj.kind}`;
  if (obj.kind === 'Kustomization') {
    check(obj.apiVersion === 'kustomize.config.k8s.io/v1beta1', `${file}: Kustomization apiVersion`);
    continue;
  }
  const Model = models[id];
  check(!!Model, `${file}: ${obj.kind} ${obj.metadata?.name}: apiVersion/kind pair ${id} is one we expect`);
  if (!Model) continue;
  try {
    new Model(obj).validate();
    ok(`${file}: ${obj.kind} ${obj.metadata.name} is valid against the ${id} schema`);
  } catch (e) {
    failures++;
    console.log(`  FAIL ${file}: ${obj.kind} ${obj.metadata?.name}: ${e.message}`);
  }
}

// unknown fields: walk each object along the official client's attribute maps (the API's field names and types)
const modelCache = new Map();
async function model(name) {
  if (!modelCache.has(name)) {
    const file = path.join(modelDir, `${name}.js`);
    modelCache.set(name, fs.existsSync(file) ? (await import(file))[name] : null);
  }
  return modelCache.get(name);
}
async function unknownFields(value, type, where, out) {
  if (value === null || value === undefined) return out;
  let m;
  if ((m = type.match(/^Array<(.+)>$/))) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) await unknownFields(value[i], m[1], `${where}[${i}]`, out);
  } else if ((m = type.match(/^\{ \[key: string\]: (.+); \}$/))) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) await unknownFields(v, m[1], `${where}.${k}`, out);
  } else if (/^[A-Z]/.test(type) && type !== 'IntOrString' && type !== 'Date') {
    const cls = await model(type);
    if (!cls) { out.push(`${where}: no model ${type}`); return out; }
    if (typeof value !== 'object' || Array.isArray(value)) return out; // a type error: the schema check reports it
    const attrs = cls.getAttributeTypeMap();
    for (const [k, v] of Object.entries(value)) {
      const a = attrs.find((x) => x.baseName === k);
      if (!a) out.push(`${where}.${k}`);
      else await unknownFields(v, a.type, `${where}.${k}`, out);
    }
  }
  return out;
}
const rootTypes = {
  'v1/ConfigMap': 'V1ConfigMap', 'v1/Secret': 'V1Secret', 'v1/Service': 'V1Service', 'apps/v1/Deployment': 'V1Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler': 'V2HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'batch/v1/Job': 'V1Job', 'networking.k8s.io/v1/Ingress': 'V1Ingress', 'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
};
for (const { file, obj } of docs) {
  const type = rootTypes[`${obj.apiVersion}/${obj.kind}`];
  if (!type) continue;
  const unknown = await unknownFields(obj, type, obj.kind, []);
  check(unknown.length === 0, `${file}: ${obj.kind} ${obj.metadata.name} has no unknown fields${unknown.length ? ': ' + unknown.join(', ') : ''}`);
}

const find = (kind, file) => docs.filter((d) => d.obj.kind === kind && (!file || d.file === file)).map((d) => d.obj);
const [deployment] = find('Deployment');
const [service] = find('Service');
const [hpa] = find('HorizontalPodAutoscaler');
const [pdb] = find('PodDisruptionBudget');
const [job] = find('Job');
const [ingress] = find('Ingress');
const [configMap] = find('ConfigMap');
const [kustomization] = find('Kustomization');
const exampleSecrets = find('Secret', 'secret.example.yaml');
for (const x of ['deployment', 'service', 'hpa', 'pdb', 'job', 'ingress', 'configMap', 'kustomization']) {
  check(eval(x) !== undefined, `a ${x} manifest exists`);
}

// the validator must reject a broken Deployment, or the checks above prove nothing
for (const [what, mutate] of [
  ['replicas: "two"', (d) => { d.spec.replicas = 'two'; }],
  ['a misspelt field', (d) => { d.spec.template.spec.containers[0].livenesProbe = {}; }],
]) {
  const broken = structuredClone(deployment);
  mutate(broken);
  let rejected = (await unknownFields(broken, 'V1Deployment', 'Deployment', [])).length > 0;
  try { new Deployment(broken).validate(); } catch { rejected = true; }
  check(rejected, `negative control: a Deployment with ${what} is rejected`);
}

// Deployment
const pod = deployment.spec.template.spec;
const c = pod.containers[0];
const podLabels = deployment.spec.template.metadata.labels;
const matches = (selector) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
check(deployment.spec.replicas === 2, 'Deployment: 2 replicas');
check(matches(deployment.spec.selector.matchLabels), 'Deployment: selector matches the pod labels');
const port = c.ports.find((p) => p.containerPort === 8080);
check(!!port && port.name === 'http', 'Deployment: container port 8080 named http');
const portOf = (probe) => probe?.httpGet?.port;
const samePort = (p) => p === 8080 || p === port?.name;
check(c.livenessProbe?.httpGet?.path === '/q/health/live' && samePort(portOf(c.livenessProbe)), 'liveness probe: GET /q/health/live on 8080');
check(c.readinessProbe?.httpGet?.path === '/q/health/ready' && samePort(portOf(c.readinessProbe)), 'readiness probe: GET /q/health/ready on 8080');
check(['/q/health/live', '/q/health/started'].includes(c.startupProbe?.httpGet?.path) && samePort(portOf(c.startupProbe)), 'startup probe on the health endpoints');
check(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 60, 'startup probe allows at least 60 s to start');
check(!!c.resources?.requests?.cpu && !!c.resources?.requests?.memory && !!c.resources?.limits?.memory, 'resources: requests and a memory limit');
check(pod.securityContext?.runAsNonRoot === true && c.securityContext?.runAsNonRoot === true, 'runAsNonRoot');
check(c.securityContext?.readOnlyRootFilesystem === true, 'readOnlyRootFilesystem');
check(c.securityContext?.allowPrivilegeEscalation === false, 'no privilege escalation');
const volume = (mountPath) => {
  const m = (c.volumeMounts || []).find((v) => v.mountPath === mountPath);
  return m && (pod.volumes || []).find((v) => v.name === m.name);
};
check(!!volume('/tmp')?.emptyDir, '/tmp is an emptyDir');
const env = Object.fromEntries((c.env || []).map((e) => [e.name, e]));
const keyMount = (c.volumeMounts || []).find((m) => pod.volumes.find((v) => v.name === m.name)?.secret);
check(!!keyMount && keyMount.readOnly === true, 'keys come from a Secret volume, mounted read-only');
const keySecret = pod.volumes.find((v) => v.name === keyMount?.name)?.secret?.secretName;
const exampleKeys = exampleSecrets.find((s) => s.metadata.name === keySecret);
for (const name of ['AUTH_JWT_SIGNING_KEY_LOCATION', 'AUTH_SECRET_KEY_LOCATION']) {
  const value = env[name]?.value || '';
  const file = value.startsWith(keyMount.mountPath + '/') ? value.slice(keyMount.mountPath.length + 1) : null;
  check(!!file && !!exampleKeys && Object.keys(exampleKeys.stringData || exampleKeys.data || {}).includes(file),
    `${name}=${value} points at a file of Secret ${keySecret}`);
}
const secretRefs = (container) => (container.env || []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.valueFrom.secretKeyRef);
for (const [what, container] of [['Deployment', c], ['Job', job.spec.template.spec.containers[0]]]) {
  for (const ref of secretRefs(container)) {
    const s = exampleSecrets.find((x) => x.metadata.name === ref.name);
    check(!!s && Object.keys(s.stringData || {}).includes(ref.key), `${what}: secretKeyRef ${ref.name}/${ref.key} is in secret.example.yaml`);
  }
  for (const ref of (container.envFrom || []).filter((e) => e.configMapRef)) {
    check(ref.configMapRef.name === configMap.metadata.name, `${what}: envFrom ConfigMap ${ref.configMapRef.name} exists`);
  }
}
check(['QUARKUS_DATASOURCE_USERNAME', 'QUARKUS_DATASOURCE_PASSWORD', 'QUARKUS_REDIS_PASSWORD'].every((n) => env[n]?.valueFrom?.secretKeyRef),
  'datasource and Redis credentials come from secretKeyRef');
const cmValues = Object.keys(configMap.data);
check(!cmValues.some((k) => /PASSWORD|SECRET/.test(k)), 'the ConfigMap holds no password or secret');
check(['QUARKUS_DATASOURCE_JDBC_URL', 'QUARKUS_REDIS_HOSTS', 'AUTH_ISSUER', 'AUTH_TRUSTED_PROXIES'].every((k) => cmValues.includes(k)),
  'the ConfigMap sets the datasource URL, Redis hosts, issuer and trusted proxies');

// Redis topology and the PostgreSQL connection budget (README "Scaling out")
const cm = configMap.data;
const cmText = fs.readFileSync(path.join(dir, 'configmap.yaml'), 'utf8');
check(['standalone', 'sentinel', 'cluster'].includes(cm.QUARKUS_REDIS_CLIENT_TYPE),
  `the ConfigMap states the Redis topology (QUARKUS_REDIS_CLIENT_TYPE=${cm.QUARKUS_REDIS_CLIENT_TYPE})`);
check(cm.QUARKUS_REDIS_REPLICAS === 'never', 'Redis reads never go to a replica (QUARKUS_REDIS_REPLICAS=never)');
const acks = Number(cm.AUTH_REDIS_REPLICA_ACKS);
check(Number.isInteger(acks) && (cm.QUARKUS_REDIS_CLIENT_TYPE === 'standalone' ? acks === 0 : acks >= 1),
  `AUTH_REDIS_REPLICA_ACKS ${cm.AUTH_REDIS_REPLICA_ACKS} fits the topology (0 alone, at least 1 with replicas)`);
check(/^PT[0-9.]+S$/.test(cm.AUTH_REDIS_REPLICA_ACK_TIMEOUT || ''), 'AUTH_REDIS_REPLICA_ACK_TIMEOUT is an ISO-8601 duration');
check(/#\s+QUARKUS_REDIS_CLIENT_TYPE: sentinel/.test(cmText) && /#\s+QUARKUS_REDIS_MASTER_NAME:/.test(cmText)
  && /#\s+QUARKUS_REDIS_ROLE: master/.test(cmText) && /#\s+QUARKUS_REDIS_CLIENT_TYPE: cluster/.test(cmText),
  'configmap.yaml shows the Sentinel and Cluster settings as commented alternatives');
check(/^jdbc:postgresql:\/\/[a-z0-9-]+-rw\./.test(cm.QUARKUS_DATASOURCE_JDBC_URL) && /targetServerType=primary/.test(cm.QUARKUS_DATASOURCE_JDBC_URL),
  "the datasource URL names CloudNativePG's -rw Service and targetServerType=primary");
const pool = Number(cm.QUARKUS_DATASOURCE_JDBC_MAX_SIZE);
const jobPool = Number((job.spec.template.spec.containers[0].env || []).find((e) => e.name === 'QUARKUS_DATASOURCE_JDBC_MAX_SIZE')?.value);
const maxConnections = Number(configMap.metadata.annotations?.['cinema.io/postgres-max-connections']);
const reserved = Number(configMap.metadata.annotations?.['cinema.io/postgres-reserved-connections']);
check(pool > 0 && jobPool > 0 && maxConnections > 0 && reserved > 0,
  `pool ${pool} per replica, the Job's ${jobPool}, max_connections ${maxConnections}, reserved ${reserved} are stated`);
check(hpa.spec.maxReplicas * pool + jobPool <= maxConnections - reserved,
  `PostgreSQL connections: ${hpa.spec.maxReplicas} replicas (HPA max) x ${pool} + the Job's ${jobPool} = `
  + `${hpa.spec.maxReplicas * pool + jobPool} <= ${maxConnections} - ${reserved}`);
check(deployment.spec.replicas * pool + jobPool <= maxConnections - reserved, 'the Deployment\'s replicas fit the budget too');

// graceful shutdown: preStop sleep + Quarkus's shutdown delay and timeout fit in the grace period
const props = fs.readFileSync(path.join(root, 'src/main/resources/application.properties'), 'utf8');
const seconds = (key) => { const m = props.match(new RegExp(`^${key.replace(/\./g, '\\.')}=(\\d+)S`, 'mi')); return m ? Number(m[1]) : 0; };
const preStop = c.lifecycle?.preStop;
const sleep = preStop?.sleep?.seconds ?? Number((preStop?.exec?.command || []).join(' ').match(/sleep (\d+)/)?.[1] || 0);
const needed = sleep + seconds('quarkus.shutdown.delay') + seconds('quarkus.shutdown.timeout');
check(sleep > 0, `preStop sleeps ${sleep} s so the endpoint leaves the load balancers first`);
check(pod.terminationGracePeriodSeconds > needed,
  `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} > preStop ${sleep} + Quarkus delay and timeout = ${needed}`);

// Service, HPA, PDB, Ingress
check(matches(service.spec.selector), 'Service selector matches the pods');
check(service.spec.ports.some((p) => p.targetPort === 'http' || p.targetPort === 8080), 'Service targets the http port (8080)');
check(hpa.apiVersion === 'autoscaling/v2' && hpa.spec.scaleTargetRef.kind === 'Deployment' &&
  hpa.spec.scaleTargetRef.name === deployment.metadata.name && hpa.spec.scaleTargetRef.apiVersion === 'apps/v1', 'HPA scales this Deployment');
check(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas >= hpa.spec.minReplicas, 'HPA keeps at least 2 replicas');
check(matches(pdb.spec.selector.matchLabels) && (pdb.spec.minAvailable >= 1 || pdb.spec.maxUnavailable !== undefined), 'PDB covers the pods');
const ingressPaths = ingress.spec.rules.flatMap((r) => r.http.paths);
check(ingressPaths.every((p) => !p.path.startsWith('/q')) && ingressPaths.every((p) => p.backend.service.name === service.metadata.name),
  'Ingress routes only to the Service, never /q/');
check(ingressPaths.every((p) => service.spec.ports.some((sp) => sp.name === p.backend.service.port.name || sp.port === p.backend.service.port.number)),
  'Ingress backend ports exist on the Service');
const routes = (path, type) => ingressPaths.some((p) => p.path === path && p.pathType === type);
check(['/verify-email', '/reset-password', '/device', '/social-callback'].every((p) => routes(p, 'Exact'))
  && routes('/auth-assets/', 'Prefix') && routes('/api/v1/', 'Prefix') && routes('/oauth2/', 'Prefix'),
  'Ingress routes the API and the hosted pages (mail links, /device, /social-callback, /auth-assets/)');

// Exposure: who may connect (NetworkPolicy), whose X-Forwarded-For is believed (AUTH_TRUSTED_PROXIES)
const exposure = await import(path.join(root, '.ci/checks/lib/k8s_exposure.mjs'));
const policies = find('NetworkPolicy');
check(policies.length > 0, 'a NetworkPolicy manifest exists');
const namedPorts = Object.fromEntries(c.ports.filter((p) => p.name).map((p) => [p.name, p.containerPort]));
const npProblems = exposure.networkPolicyProblems(policies, podLabels, namedPorts);
for (const p of npProblems) check(false, p);
check(npProblems.length === 0, 'NetworkPolicy selects the auth pods and admits only the ingress controller (ingress-nginx), '
  + 'pods labelled cinema-auth/client=true and Prometheus, on TCP 8080 (http)');
const mine = policies.find((p) => exposure.networkPolicyProblems([p], podLabels, namedPorts).length === 0);
check(!!mine && JSON.stringify(Object.entries(mine.spec.podSelector.matchLabels).sort())
  === JSON.stringify(Object.entries(deployment.spec.selector.matchLabels).sort()), "NetworkPolicy's podSelector is the Deployment's selector");
const [servicePort] = service.spec.ports;
check(namedPorts[servicePort.targetPort] === 8080 || servicePort.targetPort === 8080, 'the port the policy admits is the one the Service and Ingress send to');
for (const [what, mutate] of exposure.NETWORK_POLICY_NEGATIVES) {
  const broken = structuredClone(policies);
  mutate(broken, broken.find((p) => p.metadata.name === mine?.metadata?.name) || broken[0]);
  let rejected = exposure.networkPolicyProblems(broken, podLabels, namedPorts).length > 0;
  for (const p of broken) {
    if ((await unknownFields(p, 'V1NetworkPolicy', 'NetworkPolicy', [])).length) rejected = true;
    try { new NetworkPolicy(p).validate(); } catch { rejected = true; }
  }
  check(rejected, `negative control: a NetworkPolicy with ${what} is rejected`);
}
const trusted = [['ConfigMap', configMap.data.AUTH_TRUSTED_PROXIES]];
for (const [what, container] of [['Deployment', c], ['Job', job.spec.template.spec.containers[0]]]) {
  const e = (container.env || []).find((x) => x.name === 'AUTH_TRUSTED_PROXIES');
  if (e) trusted.push([what, e.value]);
}
for (const [where, value] of trusted) {
  const problems = exposure.trustedProxyProblems(value);
  for (const p of problems) check(false, `${where}: ${p}`);
  check(problems.length === 0, `${where}: AUTH_TRUSTED_PROXIES=${value} is narrow (no private range or pod network, at most a /24)`);
}
for (const value of exposure.TRUSTED_PROXY_NEGATIVES) {
  check(exposure.trustedProxyProblems(value).length > 0, `negative control: AUTH_TRUSTED_PROXIES="${value}" is rejected`);
}
check(/THE ONE VALUE YOU MUST SET/.test(fs.readFileSync(path.join(dir, 'configmap.yaml'), 'utf8')),
  'configmap.yaml marks AUTH_TRUSTED_PROXIES as the one value an operator must set');

// Job
const jc = job.spec.template.spec.containers[0];
const script = [...(jc.command || []), ...(jc.args || [])].join(' ');
check(/create-superuser/.test(script) && /--if-not-exists/.test(script), 'Job runs create-superuser --if-not-exists');
check(/--password-stdin/.test(script) && !/--password[ =](?!-stdin)/.test(script), 'Job passes the password on stdin, not as an argument');
check(['OnFailure', 'Never'].includes(job.spec.template.spec.restartPolicy), 'Job restartPolicy OnFailure/Never');
check(!matches(job.spec.template.metadata.labels || {}), "the Job's pod is not selected by the Service/PDB");
check(jc.image === c.image, 'Job uses the same image as the Deployment');
check(jc.securityContext?.runAsNonRoot === true && jc.securityContext?.readOnlyRootFilesystem === true, 'Job runs non-root, read-only');

// Secret example and kustomization
check(exampleSecrets.length >= 2 && exampleSecrets.every((s) => Object.values(s.stringData).every((v) => /PLACEHOLDER/.test(v))),
  'secret.example.yaml holds only PLACEHOLDER values');
check(/EXAMPLE ONLY/.test(fs.readFileSync(path.join(dir, 'secret.example.yaml'), 'utf8')), 'secret.example.yaml is marked as an example');
const listed = kustomization.resources;
check(listed.every((f) => fs.existsSync(path.join(dir, f))), 'kustomization lists existing files');
check(!listed.includes('secret.example.yaml'), 'kustomization does not apply the example Secret');
const manifests = [...new Set(docs.filter((d) => !['Kustomization', 'Secret'].includes(d.obj.kind)).map((d) => d.file))];
check(manifests.every((f) => listed.includes(f)), 'kustomization lists every manifest');

// Examples (k8s/examples/, not applied): valid against their schemas; the forward-auth Ingress points at the
// in-cluster auth Service's forward endpoint and hands every X-Auth-* header of the answer upstream
const exampleDir = path.join(dir, 'examples');
for (const file of fs.existsSync(exampleDir) ? fs.readdirSync(exampleDir).filter((f) => f.endsWith('.yaml')).sort() : []) {
  for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(exampleDir, file), 'utf8'))) {
    const obj = d.toJS();
    if (!obj) continue;
    const Model = models[`${obj.apiVersion}/${obj.kind}`];
    check(d.errors.length === 0 && !!Model, `examples/${file}: ${obj.kind} parses and is a kind we expect`);
    try { new Model(obj).validate(); ok(`examples/${file}: ${obj.kind} ${obj.metadata.name} is valid against its schema`); }
    catch (e) { failures++; console.log(`  FAIL examples/${file}: ${e.message}`); }
    if (obj.kind === 'Ingress') {
      const a = obj.metadata.annotations || {};
      const url = a['nginx.ingress.kubernetes.io/auth-url'] || '';
      const svc = find('Service', 'service.yaml')[0];
      const port = svc.spec.ports.find((p) => p.name === 'http').port;
      const portPart = port === 80 ? '(:80)?' : `:${port}`;
      check(new RegExp(`^http://${svc.metadata.name}\\.[a-z0-9-]+\\.svc\\.cluster\\.local${portPart}/api/v1/authz/forward(\\?|$)`).test(url),
        `examples/${file}: auth-url is the auth Service's /api/v1/authz/forward inside the cluster (${url})`);
      const passed = (a['nginx.ingress.kubernetes.io/auth-response-headers'] || '').split(',').map((h) => h.trim());
      check(['X-Auth-User-Id', 'X-Auth-Username', 'X-Auth-Roles', 'X-Auth-Session-Id', 'X-Auth-Client-Id'].every((h) => passed.includes(h)),
        `examples/${file}: auth-response-headers hands all five X-Auth-* headers upstream`);
    }
  }
}

if (failures) { console.log(`k8s: ${failures} check(s) failed`); process.exit(1); }
console.log('k8s: all checks passed');
EOF
node "$work/validate.mjs" "$root" "$work"
