"""``qmkg serve``: a SPARQL 1.1 endpoint and a web app over the graph, with limits that hold.

Queries never run in the server process: :mod:`.workers` keeps a few worker processes, each with
the store loaded, and kills and replaces one that passes the time or memory limit. :mod:`.app`
wires the routes; :mod:`.protocol` is the SPARQL 1.1 Protocol, :mod:`.pages` the HTML pages,
:mod:`.negotiate` content negotiation and the result formats.
"""
