"""Tools for the practice staff: check, review, proofread, purge (see docs/)."""
