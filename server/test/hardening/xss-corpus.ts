/**
 * Known XSS payloads, each of which sets `window.__xss` if it ever runs. Shared by the
 * server-rendered HTML test (node) and the elements test in Chromium
 * (packages/elements/test/browser/xss.test.ts imports this file: it is plain data).
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>window.__xss=1</script>',
  '"><script>window.__xss=2</script>',
  "'><img src=x onerror=\"window.__xss=3\">",
  '<img src=x onerror=window.__xss=4>',
  '<svg onload=window.__xss=5>',
  '<svg><script>window.__xss=6</script></svg>',
  '<a href="javascript:window.__xss=7">tap</a>',
  '[tap](javascript:window.__xss=8)',
  '![x](x" onerror="window.__xss=9)',
  '[tap](&#106;avascript:window.__xss=10)',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=11>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12>',
  '<iframe srcdoc="<script>parent.__xss=13</script>"></iframe>',
  '<details open ontoggle=window.__xss=14>',
  '\u003cimg src=x onerror=window.__xss=15\u003e',
  '<body onload=window.__xss=16>',
  '<input autofocus onfocus=window.__xss=17>',
  '<a href="jav&#x09;ascript:window.__xss=18">x</a>',
  '{{constructor.constructor("window.__xss=19")()}}',
  '${window.__xss=20}',
  '[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MjE8L3NjcmlwdD4=)',
  '<a href="  JaVaScRiPt:window.__xss=22">x</a>',
];
