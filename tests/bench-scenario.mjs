// The page benchmark's workload: 20 hosts and 200 TCP connections streaming data.

export const HOSTS = 20, CONNECTIONS = 200, SECONDS = 4;

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
  const payload = "x".repeat(4096);
  for (let c = 0; c < CONNECTIONS; c++) {
    const from = hosts[c % HOSTS], to = hosts[(c + 1 + Math.floor(c / HOSTS)) % HOSTS];
    const dst = to === from ? hosts[(c + 2) % HOSTS] : to;
    steps.push({ at_ms: 1, run: `${from.name}: c${c} = socket(tcp)` });
    steps.push({ at_ms: 1, run: `${from.name}: connect(c${c}, ${dst.addr}:80)` });
    // Staggered by a millisecond per client, so the load is steady rather than 200
    // sends in the same microsecond.
    for (let t = 40 + (c % 20); t <= 400; t += 20) steps.push({ at_ms: t, run: `${from.name}: send(c${c}, "${payload}")` });
  }
  return { version: 1, title: "page benchmark", seed: 1, hosts, steps, until_ms: 1000 };
}

