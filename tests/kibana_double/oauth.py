"""The OAuth callback routes Kibana serves from 9.4 (`GET /api/actions/connector/_oauth_callback` and
`_oauth_callback_script`), copied from K x-pack/platform/plugins/shared/actions/server/routes/oauth_callback.ts
(find_string id 51801932868): the HTML page of `generateOAuthCallbackPage` (whitespace as in its template literal,
values escaped as lodash `escape` does) and the companion script `OAUTH_CALLBACK_SCRIPT_BODY`.

The double has no user profiles, no OAuth state saved objects and no token exchange, so an authenticated call always
ends where a request without a Kibana user profile ends in Kibana (API keys and HTTP basic credentials have no
`profile_uid`): HTTP 200, the error page with `Unable to retrieve Kibana user profile ID.`.
"""

import json

SCRIPT_PATH = '/api/actions/connector/_oauth_callback_script'
BROADCAST_CHANNEL_NAME = 'oauth_flow_completed'  # K x-pack/platform/plugins/shared/actions/common OAUTH_BROADCAST_CHANNEL_NAME
AUTO_CLOSE_DELAY_SECONDS = 3
MISSING_PROFILE_UID = 'Unable to retrieve Kibana user profile ID.'
MISSING_STATE = 'Missing required OAuth state parameter.'
INVALID_STATE = 'Invalid or expired state parameter. The authorization session may have timed out.'

_PAGE = '''
    <!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>@TITLE@</title>
        <style>
          * {
            margin: 0;
            padding: 0;
            box-sizing: border-box;
          }
          body {
            font-family: 'Inter', -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif;
            background-color: #F5F7FA;
            color: #343741;
            display: flex;
            align-items: center;
            justify-content: center;
            min-height: 100vh;
            padding: 20px;
          }
          .container {
            background: white;
            border-radius: 6px;
            box-shadow: 0 2px 4px rgba(0, 0, 0, 0.1);
            max-width: 500px;
            width: 100%;
            padding: 32px;
            text-align: center;
          }
          .icon {
            width: 64px;
            height: 64px;
            border-radius: 50%;
            background-color: @COLOR@;
            color: white;
            font-size: 32px;
            line-height: 64px;
            margin: 0 auto 24px;
            font-weight: 600;
          }
          h1 {
            font-size: 24px;
            font-weight: 600;
            margin-bottom: 16px;
            color: #1a1c21;
          }
          p {
            font-size: 14px;
            line-height: 1.5;
            margin-bottom: 12px;
            color: #69707d;
          }
          p:last-child {
            margin-bottom: 0;
          }
          .details {
            background-color: #F5F7FA;
            border-left: 3px solid @COLOR@;
            padding: 12px 16px;
            margin: 16px 0;
            text-align: left;
            font-size: 13px;
            color: #343741;
            border-radius: 4px;
          }
        </style>
      </head>
      <body @ATTRIBUTES@>
        <div class="container">
          <div class="icon">@ICON@</div>
          <h1>@HEADING@</h1>
          <p>@MESSAGE@</p>
          @DETAILS@
          @AUTOCLOSE@
        </div>
        <script src="@SCRIPT@"></script>
      </body>
    </html>
  '''

SCRIPT_BODY = '''(() => {
  const { broadcast, autoClose } = document.body.dataset;

  if (broadcast) {
    try {
      const message = JSON.parse(broadcast);
      const channel = new BroadcastChannel(%s);
      channel.postMessage(message);
      channel.close();
    } catch (_) {
      // BroadcastChannel may not be supported in all browsers
    }
  }

  if (autoClose === 'true') {
    setTimeout(() => {
      window.close();
      setTimeout(() => {
        const fallback = document.querySelector('.auto-close-message');
        if (fallback) {
          fallback.style.display = 'block';
        }
      }, 100);
    }, %d);
  }
})();
''' % (json.dumps(BROADCAST_CHANNEL_NAME), AUTO_CLOSE_DELAY_SECONDS * 1000)


def lodash_escape(text):
    """lodash `escape`: & < > " ' as HTML entities."""
    return (text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;').replace("'", '&#39;'))


def callback_page(title, heading, message, details=None, is_success=False):
    """generateOAuthCallbackPage without auto-close and broadcast (what the double's answers need)."""
    color = '#00BFB3' if is_success else '#BD271E'
    values = {'@TITLE@': lodash_escape(title), '@COLOR@': color, '@ATTRIBUTES@': '', '@ICON@': '\u2713' if is_success else '\u2715',
              '@HEADING@': lodash_escape(heading), '@MESSAGE@': lodash_escape(message),
              '@DETAILS@': '<div class="details">%s</div>' % lodash_escape(details) if details else '', '@AUTOCLOSE@': '',
              '@SCRIPT@': SCRIPT_PATH}
    page = _PAGE
    for token, value in values.items():
        page = page.replace(token, value)
    return page


def error_page(details):
    """respondWithError without a connector: the `Authorization Failed` page."""
    return callback_page('OAuth Authorization Failed', 'Authorization Failed', 'You can close this window and try again.', details)
