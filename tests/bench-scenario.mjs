// The page benchmark's workload: 20 hosts and 200 TCP connections streaming data.

export const HOSTS = 20, CONNECTIONS = 200, SECONDS = 4;

/** Bytes per send: `send(c, 4096)` sends that many bytes of the console's pattern, so the
 *  scenario stays far under the 1 MB a scenario may weigh (4 KB string literals made it
 *  15 MB, which the page refuses since issue 12). */
const PAYLOAD = 4096;

/** 20 hosts each listening on :80; 200 clients spread over them, each sending 4 KB every
 *  20 ms of virtual time (staggered), so hundreds of segments are always on the wire. */
export function scenario() {
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({ name: `H${i}`, addr: `10.0.0.${i + 1}` }));
  const steps = [];
  hosts.forEach((h) => {
    steps.push({ at_ms: 0, run: `${h.name}: l = socket(tcp)` });
    steps.push({ at_ms: 0, run: `${h.name}: bind(l, ${h.addr}:80)` });
    steps.push({ at_ms: 0, run: `${h.name}: listen(l, 64)` });
  });
  for (let c = 0; c < CONNECTIONS; c++) {
    const from = hosts[c % HOSTS], to = hosts[(c + 1 + Math.floor(c / HOSTS)) % HOSTS];
    const dst = to === from ? hosts[(c + 2) % HOSTS] : to;
    steps.push({ at_ms: 1, run: `${from.name}: c${c} = socket(tcp)` });
    steps.push({ at_ms: 1, run: `${from.name}: connect(c${c}, ${dst.addr}:80)` });
    // Staggered by a millisecond per client, so the load is steady rather than 200
    // sends in the same microsecond.
    for (let t = 40 + (c % 20); t <= 400; t += 20) steps.push({ at_ms: t, run: `${from.name}: send(c${c}, ${PAYLOAD})` });
  }
  return { version: 1, title: "page benchmark", seed: 1, hosts, steps, until_ms: 1000 };
}


export const ROUTERS = 3;

/** The same load with the internet layer in it (issue 14's page budget): the 20 hosts in
 *  three subnets (10.0.1-3.0/24), each behind its router, the routers on one core switch
 *  (10.0.100.0/24) with static routes to the other subnets; 200 clients each send to a
 *  host of another subnet, so every segment crosses two routers and three links. */
export function routedScenario() {
  const subnet = (i) => (i % ROUTERS) + 1;
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({
    name: `H${i}`, addr: `10.0.${subnet(i)}.${10 + Math.floor(i / ROUTERS)}/24`,
  }));
  const ip = (h) => h.addr.split("/")[0];
  const steps = [];
  const at0 = (run) => steps.push({ at_ms: 0, run });
  for (let r = 1; r <= ROUTERS; r++) {
    at0(`router(R${r})`);
    const members = hosts.filter((_, i) => subnet(i) === r).map((h) => h.name);
    at0(`cable(${members.join(", ")}, R${r})`);
    at0(`addr(R${r}, eth0, 10.0.${r}.1/24)`);
  }
  at0(`cable(${Array.from({ length: ROUTERS }, (_, r) => `R${r + 1}`).join(", ")})`);
  for (let r = 1; r <= ROUTERS; r++) {
    at0(`addr(R${r}, eth1, 10.0.100.${r}/24)`);
    for (let o = 1; o <= ROUTERS; o++) if (o !== r) at0(`route(R${r}, add 10.0.${o}.0/24 via 10.0.100.${o})`);
  }
  hosts.forEach((h, i) => at0(`route(${h.name}, add default via 10.0.${subnet(i)}.1)`));
  hosts.forEach((h) => {
    at0(`${h.name}: l = socket(tcp)`);
    at0(`${h.name}: bind(l, ${ip(h)}:80)`);
    at0(`${h.name}: listen(l, 64)`);
  });
  for (let c = 0; c < CONNECTIONS; c++) {
    const from = hosts[c % HOSTS];
    // A host of the next subnet: every connection crosses the core.
    const to = hosts[(c % HOSTS + 1 + 3 * Math.floor(c / HOSTS)) % HOSTS];
    const dst = subnet(hosts.indexOf(to)) === subnet(c % HOSTS) ? hosts[(c + 1) % HOSTS] : to;
    steps.push({ at_ms: 1, run: `${from.name}: c${c} = socket(tcp)` });
    steps.push({ at_ms: 1, run: `${from.name}: connect(c${c}, ${ip(dst)}:80)` });
    for (let t = 40 + (c % 20); t <= 400; t += 20) steps.push({ at_ms: t, run: `${from.name}: send(c${c}, ${PAYLOAD})` });
  }
  return { version: 1, title: "page benchmark, routed", seed: 1, hosts, steps, until_ms: 1000 };
}
