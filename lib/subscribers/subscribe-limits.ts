/**
 * The sign-up form's limits, checked by `requestSubscription` and repeated as `maxlength` by the forms
 * that post to it (the site's, and the snippet pasted into other sites), so a browser stops a reader
 * before the server has to refuse. A module of its own: the client form and the snippet need no server code.
 */
export const SUBSCRIBE_EMAIL_MAX = 320;
export const SUBSCRIBE_NAME_MAX = 100;
