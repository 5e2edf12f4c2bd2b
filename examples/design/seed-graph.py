"""The nightly sales pipeline on etl01, drawn by hand before dfmap existed.

Read the crontab, then each script, and write down what it reads and writes:
inputs -> script -> outputs. `python3 seed-graph.py` draws it; `dfmap import seed-graph.py`
reads the same graph without running this file.
"""
import networkx as nx

G = nx.DiGraph()

# what the crontab of user dataops runs, and when
schedules = [("0 1 * * *", "1.py"), ("10 1 * * *", "2.py"), ("30 1 * * *", "3.py"),
             ("40 1 * * *", "4.py"), ("0 2 * * *", "5.py"), ("30 2 * * *", "6.py")]
for when, script in schedules:
    G.add_node(f"cron {script}", kind="job", schedule=when)
    G.add_edge(f"cron {script}", script)

# fetch
G.add_edge("https://shop-api.example.com/v1/orders", "1.py")
G.add_edge("1.py", "orders.json")
G.add_edge("stock_*.csv", "2.py")  # the newest vendor drop
G.add_edge("2.py", "stock.json")

# load into MySQL on db01
for table in ["sales.orders", "sales.stock"]:
    G.add_node(table, kind="table", database="mysql://db01:3306")
G.add_edges_from([("orders.json", "3.py"), ("3.py", "sales.orders"),
                  ("stock.json", "4.py"), ("4.py", "sales.stock")])

# extract and combine
G.add_edges_from([("sales.orders", "5.py"), ("sales.stock", "5.py")])
for out in ["extract_a.csv", "extract_b.csv"]:
    G.add_edge("5.py", out)
    G.add_edge(out, "6.py")
G.add_edge("6.py", "combined_export.json", note="what finance loads at 07:00")

if __name__ == "__main__":
    import matplotlib.pyplot as plt
    nx.draw(G, with_labels=True)
    plt.show()
