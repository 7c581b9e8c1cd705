"""A Kibana connectors API test double (test infrastructure, not part of the built collection).

Start it with `python -m tests.kibana_double --port 0 --port-file F`, or in-process with
`from tests.kibana_double.server import start_double`. See README.md.
"""
