"""What our components depend on besides Rasa's own inputs, for Rasa's training cache.

Rasa fingerprints a component by its class source, its config and its inputs. Our
components also depend on helper modules in components/, on red_flags.yml and the
detector's corpus, and on the installed spaCy pipeline. `fingerprint_addon` (Rasa's
public hook for external data) adds all of these, so that `rasa train` without
--force retrains what changed and reuses the rest (`make publish` after an answer
edit, `make train` after a publish).
"""

import hashlib
from pathlib import Path
from typing import Any, Dict, Optional, Text

from components.german_nlp import installed_pipeline_name

PROJECT = Path(__file__).resolve().parent.parent
# Modules the running server uses but the trained model does not depend on.
RUNTIME_ONLY = ("tracker_store.py", "lock_store.py")


def project_fingerprint() -> str:
    digest = hashlib.sha256(installed_pipeline_name().encode("utf-8"))
    paths = sorted(p for p in (PROJECT / "components").glob("*.py") if p.name not in RUNTIME_ONLY)
    paths += [PROJECT / "red_flags.yml"]
    paths += sorted((PROJECT / "red_flag_corpus" / "train").glob("*.yml"))
    for path in paths:
        digest.update(path.relative_to(PROJECT).as_posix().encode("utf-8"))
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


class ProjectFingerprint:
    """Mixin for our graph components (put it first among the bases)."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return project_fingerprint()
