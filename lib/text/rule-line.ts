/** A line of one repeated mark ("=====", "-----", "* * *"): an underline or a rule in plain text, carrying no words. */
export const RULE_LINE = /^\s*([-=*_~#·•])(?:\s*\1){2,}\s*$/u;
