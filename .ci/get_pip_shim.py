"""Offline stand-in for ansible-test's get-pip bootstrap script.

ansible-test downloads get-pip.py from a host this project's machines cannot reach. It runs
`python get_pip.py [pip options] pip==X.Y --no-setuptools --no-wheel`; this stand-in bootstraps pip
with ensurepip in a subprocess (ensurepip in-process drops the pip config that carries the CA
bundle) and then installs the requested pip version.
"""
import subprocess
import sys

DROP = {"--no-setuptools", "--no-wheel", "--disable-pip-version-check"}
ARGS = [a for a in sys.argv[1:] if a not in DROP]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + ARGS))
