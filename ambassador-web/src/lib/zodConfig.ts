import { z } from 'zod';

// zod compiles fast object parsers with `new Function` unless told not to. Under our CSP
// (script-src 'self', no 'unsafe-eval') even the probe for it is reported as a violation, so
// parsing stays interpreted. Imported first by main.tsx and by every module that parses.
z.config({ jitless: true });

export const zodConfigured = true;
