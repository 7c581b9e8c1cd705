# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Generic pytest fixtures for the unit tests: run a module (or an AnsibleModule) with arguments, on any ansible-core."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.common.text.converters import to_bytes

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19+
except ImportError:  # pragma: no cover - older ansible-core
    patch_module_args = None


try:
    from ansible.module_utils import _internal as module_internal  # ansible-core 2.19+
except ImportError:  # pragma: no cover - older ansible-core
    module_internal = None


@contextlib.contextmanager
def _as_module():
    """Run as a module, even after a test imported controller code (a filter plugin, say).

    Importing controller code sets ``is_controller``, and then a module's warnings go to
    the controller's display instead of the module result.
    """
    if module_internal is None or not hasattr(module_internal, 'is_controller'):
        yield
        return
    saved = module_internal.is_controller
    module_internal.is_controller = False
    try:
        yield
    finally:
        module_internal.is_controller = saved


@contextlib.contextmanager
def _module_args(args):
    if patch_module_args is not None:
        with patch_module_args(args), _as_module():
            yield
        return
    saved = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))  # pylint: disable=protected-access
    try:
        with _as_module():
            yield
    finally:
        basic._ANSIBLE_ARGS = saved  # pylint: disable=protected-access


def _clear_warnings():
    """AnsibleModule keeps warnings in module-level stores, which would leak from one test into the next."""
    for name in ('_global_warnings', '_global_deprecations'):
        getattr(module_warnings, name, []).clear()


@pytest.fixture(autouse=True)
def fresh_module_warnings():
    """Every test runs as a module, with no warning or deprecation left over from an earlier test's module run."""
    _clear_warnings()
    with _as_module():
        yield
    _clear_warnings()


@pytest.fixture
def run_module(capsys):
    """``run_module(main, args)``: run a module's main() with ``args``; return (parsed JSON result, raw stdout)."""

    def _run(main, args):
        capsys.readouterr()
        _clear_warnings()
        try:
            with _module_args(args):
                with pytest.raises(SystemExit):
                    main()
        finally:
            _clear_warnings()
        out = capsys.readouterr().out
        return json.loads(out), out

    return _run


@pytest.fixture
def module_args():
    """``with module_args(args):`` the arguments the next AnsibleModule reads (patch_module_args or its fallback)."""
    return _module_args
