"""python -m tests.kibana_double: run the Kibana test double."""

import sys

from .server import main

sys.exit(main())
