"""Today's report queries (Python-side counting), kept to prove the SQL versions give the same results.

Frozen copies of hemsedal_integrering/reports/*.py before the SQL rewrite (issue 16); only the
imports were made absolute. Do not change them: they are the reference.
"""
