# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The masked before/after texts and the summary of a change of kibana.yml (the mask itself: test__mask.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.action.kibana_yml import option_secrets
from ansible_collections.kibana.connectors.plugins.plugin_utils._diff import NOT_SHOWN, describe
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import render
from ansible_collections.kibana.connectors.tests.unit.plugins.plugin_utils.helpers import (
    HOOK, HOOK_PASSWORD, INDEX, SLACK, SLACK_SECRET, no_secret, options)
from ansible_collections.kibana.connectors.tests.unit.plugins.plugin_utils.test__settings import EXISTING


def change(current, **kwargs):
    """(summary, before, after) of rendering the options over ``current``."""
    args = options(**kwargs)
    return describe(current, render(args, current), option_secrets(args))


def test_diff_masks_old_and_new_secrets_everywhere():
    current = EXISTING.replace('# the end', '# the end, old hook password was unit-password-0002')
    current = current.replace('elasticsearch.hosts', 'elasticsearch.password: es-secret-0004\nelasticsearch.hosts')
    _summary, before, after = change(current, mode='merge', connectors=[SLACK, HOOK], actions_proxy_headers={'Proxy-Authorization': 'Basic proxy-0005'})
    for secret in (SLACK_SECRET, 'unit-secret-0001', HOOK_PASSWORD, 'old-secret-0003', 'es-secret-0004', 'proxy-0005'):
        assert secret not in before + after
    assert 'webhookUrl: ******** (new)' in after
    assert 'webhookUrl: ********\n' in before
    assert 'Proxy-Authorization: ******** (new)' in after
    assert '# the end, old hook password was ********' in before


def test_diff_marks_changed_and_unchanged_secrets():
    first = render(options(connectors=[SLACK, HOOK]), None).content
    summary, before, after = change(first, connectors=[dict(SLACK, secrets={'webhookUrl': SLACK_SECRET + 'x'}), HOOK])
    assert '        webhookUrl: ********\n' in before
    assert '        webhookUrl: ******** (changed)\n' in after
    assert '        password: ********\n' in after
    assert summary == ["connector 'my-slack': secrets changed"]


def test_diff_masks_sensitive_setting_names():
    _summary, _before, after = change(None, settings={'elasticsearch.password': 'es-secret-0004', 'xpack': {'security': {'encryptionKey': 'k' * 32}}})
    assert 'es-secret-0004' not in after and 'k' * 32 not in after
    assert 'encryptionKey: ******** (new)' in after


def test_diff_masks_anchored_secret_values():
    current = 'shared: &s anchored-secret-0006\nxpack.actions.proxyHeaders:\n  Authorization: *s\n'
    _summary, before, after = change(current, mode='merge')
    assert 'anchored-secret-0006' not in before + after


def test_diff_of_an_unparsable_old_file_hides_it():
    summary, before, after = change('elasticsearch.password: unit-secret-0001\n\tbad: [\n', connectors=[INDEX])
    assert before == NOT_SHOWN
    assert no_secret(before, after, *summary)


def test_a_long_secret_is_masked_whole():
    long_secret = 'x' * 150 + ' with spaces ' + 'y' * 150
    first = render(options(connectors=[dict(SLACK, secrets={'webhookUrl': long_secret})]), None).content
    _summary, before, after = change(first, connectors=[dict(SLACK, secrets={'webhookUrl': long_secret + 'z'})])
    assert long_secret not in before + after


def test_summary_names_changes_without_values():
    first = render(options(connectors=[SLACK, INDEX], actions_allowed_hosts=['a'], settings={'server.host': 'a'}), None).content
    summary, _before, _after = change(first, connectors=[dict(INDEX, name='Renamed', config={'index': 'b'}), HOOK],
                                      actions_allowed_hosts=['b'], settings={'server.host': 'b', 'server.port': 1})
    assert summary == [
        "connector 'alerts': name changed, config changed",
        "connector 'hook' (.webhook): added",
        "connector 'my-slack': removed",
        "setting 'xpack.actions.allowedHosts': changed",
        "setting 'server.host': changed",
        "setting 'server.port': added",
    ]
    assert no_secret(*summary)


def test_summary_of_a_merge_and_of_a_layout_change():
    summary, _before, _after = change(EXISTING, mode='merge', connectors=[SLACK], actions_allowed_hosts=['hooks.slack.com'])
    assert "connector 'old': removed" in summary
    assert "setting 'xpack.actions.enabledActionTypes': removed" in summary
    first = render(options(connectors=[INDEX]), None).content
    assert change(first + '# a comment\n', connectors=[INDEX])[0] == ['comments or layout only']


def test_a_current_file_that_is_a_list_is_described():
    summary, before, _after = change('- a\n- b\n', settings={'server.host': 'a'})
    assert summary == ["setting 'server.host': added"] and before == '- a\n- b\n'


def test_diff_masks_proxy_headers_whatever_their_name():
    # X-Proxy-Key holds no sensitive word: only the xpack.actions.proxyHeaders rule masks its value
    current = 'xpack.actions.proxyHeaders:\n  X-Proxy-Key: proxy-key-old-0008\n'
    _summary, before, after = change(current, mode='merge', actions_proxy_headers={'X-Proxy-Key': 'proxy-key-0009'})
    assert before == 'xpack.actions.proxyHeaders:\n  X-Proxy-Key: ********\n'
    assert '    X-Proxy-Key: ******** (changed)\n' in after
    assert 'proxy-key' not in before + after


def test_known_secrets_under_four_characters_are_masked_only_where_they_are_values():
    # MIN_SCRUB_LENGTH: a three-letter secret masked everywhere would eat every 'ops' of the file
    current = '# ops: q7z9 is the pin\nserver.port: 5601\n'
    hook = dict(HOOK, secrets={'user': 'ops', 'password': 'q7z9'})
    _summary, before, after = change(current, mode='merge', connectors=[hook])
    assert before == '# ops: ******** is the pin\nserver.port: 5601\n'
    assert after.startswith('# ops: ******** is the pin\nserver.port: 5601\n')
    assert '        user: ******** (new)\n        password: ******** (new)\n' in after
