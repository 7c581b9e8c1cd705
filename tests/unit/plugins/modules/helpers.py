# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running a module against a fake Kibana, shared by the module tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana_module
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import URL

PASSWORD = 'changeme-not-echoed'
REAL_CLIENT_FROM_PARAMS = _kibana_module.client_from_params  # before any test patches it


def run_on(main, session, monkeypatch, run_module, check_mode=False, **args):
    """Run a module's main() with its client on ``session`` (a fake Kibana standing in for requests.Session).

    Connection options are filled in (basic authentication with PASSWORD); retries do not sleep.
    Returns (result, raw stdout) from conftest's ``run_module``.
    """
    monkeypatch.setattr(_kibana_module, 'client_from_params',
                        lambda params, **kw: REAL_CLIENT_FROM_PARAMS(params, session=session, sleep=lambda s: None, **kw))
    module_args = dict(url=URL, username='elastic', password=PASSWORD, _ansible_check_mode=check_mode)
    module_args.update(args)
    return run_module(main, module_args)
