"""`policypack edit`: a local, private, guided profile editor in the browser."""
