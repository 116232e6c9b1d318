"""Events: triggers and their participants, coded as PLOVER and CAMEO."""
