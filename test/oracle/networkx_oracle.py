#!/usr/bin/env python3
"""NetworkX as the oracle for dfmap's analyses (and the benchmark's yardstick).

Reads a request as JSON on stdin:
  {"map": "path/to/node-link.json", "ops": ["ancestors", ...], "nodes": [ids for ancestors/descendants],
   "dominators": {"edges": [[s, t], ...], "roots": [ids]}, "seed": 42, "timing": false}
and prints {"results": {op: value}, "seconds": {op: s}, "peakKb": max RSS} as JSON.
Graph = nx.DiGraph of the map's nodes and links (or edges). Everything is stock NetworkX.
"""
import json
import resource
import sys
import time

import networkx as nx
from networkx.algorithms import community


def load(path):
    with open(path) as f:
        data = json.load(f)
    g = nx.DiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"])
    for l in data.get("links", data.get("edges", [])):
        g.add_edge(l["source"], l["target"])
    return g


def main():
    req = json.load(sys.stdin)
    t0 = time.perf_counter()
    g = load(req["map"])
    seconds = {"load": time.perf_counter() - t0}
    results = {}
    seed = req.get("seed", 42)
    nodes = req.get("nodes", [])
    for op in req["ops"]:
        t = time.perf_counter()
        if op == "ancestors":
            results[op] = {n: sorted(nx.ancestors(g, n)) for n in nodes}
        elif op == "descendants":
            results[op] = {n: sorted(nx.descendants(g, n)) for n in nodes}
        elif op == "articulation_points":
            results[op] = sorted(nx.articulation_points(g.to_undirected()))
        elif op == "bridges":
            results[op] = sorted(sorted(e) for e in nx.bridges(g.to_undirected()))
        elif op == "dominators":
            d = nx.DiGraph()
            d.add_nodes_from(g.nodes)
            d.add_edges_from(req["dominators"]["edges"])
            root = "\0virtual-root"
            d.add_edges_from((root, r) for r in req["dominators"]["roots"])
            idom = nx.immediate_dominators(d, root)
            results[op] = {k: (None if v == root else v) for k, v in idom.items() if k != root}
        elif op == "betweenness":
            results[op] = nx.betweenness_centrality(g, normalized=True)
        elif op == "betweenness_sampled":
            k = min(req.get("k", 500), g.number_of_nodes())
            results[op] = len(nx.betweenness_centrality(g, k=k, normalized=True, seed=seed))
        elif op == "pagerank":
            results[op] = nx.pagerank(g)
        elif op == "louvain":
            u = g.to_undirected()
            parts = community.louvain_communities(u, seed=seed)
            results[op] = {"modularity": community.modularity(u, parts), "count": len(parts)}
        elif op == "modularity_of":
            u = g.to_undirected()
            parts = [set(p) for p in req["partition"]]
            results[op] = community.modularity(u, parts, resolution=req.get("resolution", 1))
        elif op == "upstream":
            # what `dfmap upstream` does: ancestors of one node, and the edges among them
            n = nodes[0]
            up = nx.ancestors(g, n) | {n}
            results[op] = g.subgraph(up).number_of_edges()
        elif op == "impact":
            n = nodes[0]
            down = nx.descendants(g, n) | {n}
            sinks = [v for v in down if g.out_degree(v) == 0]
            results[op] = len(sinks)
        elif op == "path":
            from itertools import islice
            try:
                paths = list(islice(nx.all_shortest_paths(g, nodes[0], nodes[1]), 10))
            except nx.NetworkXNoPath:
                paths = []
            results[op] = len(paths)
        elif op == "ego":
            results[op] = nx.ego_graph(g, nodes[0], radius=1, undirected=True).number_of_edges()
        elif op == "critical":
            # what `dfmap critical` measures: sampled betweenness, cut structure, dominators
            k = min(req.get("k", 500), g.number_of_nodes())
            btw = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
            u = g.to_undirected()
            aps = list(nx.articulation_points(u))
            brs = list(nx.bridges(u))
            d = g.copy()
            root = "\0virtual-root"
            d.add_edges_from((root, v) for v in g.nodes if g.in_degree(v) == 0)
            idom = nx.immediate_dominators(d, root)
            results[op] = [len(btw), len(aps), len(brs), len(idom)]
        elif op == "stats":
            u = g.to_undirected()
            results[op] = {
                "components": nx.number_connected_components(u),
                "cycles": sum(1 for c in nx.strongly_connected_components(g) if len(c) > 1),
                "longest": nx.dag_longest_path_length(nx.condensation(g)),
            }
        else:
            raise SystemExit(f"unknown op {op}")
        seconds[op] = time.perf_counter() - t
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"results": results, "seconds": seconds, "peakKb": peak_kb}, sys.stdout)


if __name__ == "__main__":
    main()
