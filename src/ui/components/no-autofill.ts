// Rollcall's fields hold class and student names and lesson titles, typed by a teacher, often on
// a shared device. No browser should remember them, offer saved addresses or names in them, or
// tell an online autofill service about these forms. Every <form> and form field of the app
// spreads these props (file pickers excepted: browsers never autofill those).
//
// What each part does, as measured in Chromium with its network log (test/e2e/privacy.spec.ts):
// - autocomplete="off" is the standard switch: Firefox and Safari honour it, Chromium honours it
//   for its own list of past entries, but still parses the form and asks Google's autofill
//   service about it (a request to content-autofill.googleapis.com with the form's signature);
// - Chromium never parses, fills or queries a form whose action is a search URL ("/search/..."
//   in its rules for telling search boxes apart). The action is never followed: every form is
//   handled by script, and the Content-Security-Policy has form-action 'none'.
// - data-lpignore and data-form-type="other" ask password-manager extensions (LastPass,
//   Dashlane) to leave the fields alone.

/** Props for every <form>. */
export const NO_AUTOFILL_FORM = {
  autoComplete: 'off',
  action: '/search/not-sent',
} as const;

/** Props for every <input>, <select> and <textarea> a teacher types or picks in. */
export const NO_AUTOFILL_FIELD = {
  autoComplete: 'off',
  'data-lpignore': 'true',
  'data-form-type': 'other',
} as const;
