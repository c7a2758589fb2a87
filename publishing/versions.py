"""The published versions: each a folder with the model, the practice facts and a
copy of the staff files, plus a pointer to the one that is live.

    <versions>/2026-12-03_10-15-02/
        praxis-2026-12-03_10-15-02.tar.gz   the trained model
        practice.yml                        the practice facts the action server reads
        dateien/                            the staff files it was made from
        version.json                        time, summary of changes, previous version
    <versions>/live -> 2026-12-03_10-15-02  (a symlink, swapped atomically)

A version folder is written under a temporary name and renamed when complete, so a
failed publish leaves no half version behind.
"""

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import List, Optional, Sequence

VERSION_FILE = "version.json"
PRACTICE_FILE = "practice.yml"
FILES_DIR = "dateien"
LIVE_LINK = "live"
ID_FORMAT = "%Y-%m-%d_%H-%M-%S"
# What a version is made from: the files staff edit, relative to the project.
STAFF_FILE_PATTERNS = (
    "domain.yml",
    "config.yml",
    "practice.yml",
    "red_flags.yml",
    "data/*.yml",
    "red_flag_corpus/train/*.yml",
)


def staff_files(project_dir: Path) -> List[str]:
    """The staff files of a project, relative paths, sorted."""
    found = set()
    for pattern in STAFF_FILE_PATTERNS:
        found.update(p.relative_to(project_dir).as_posix() for p in project_dir.glob(pattern))
    return sorted(found)


@dataclass(frozen=True)
class Version:
    id: str
    path: Path
    created: str  # ISO time, local to the machine
    summary: List[str]
    previous: Optional[str]  # the version that was live when this one was published

    @property
    def model(self) -> Path:
        return self.path / f"praxis-{self.id}.tar.gz"

    @property
    def practice_file(self) -> Path:
        return self.path / PRACTICE_FILE

    @property
    def files(self) -> Path:
        return self.path / FILES_DIR


class VersionStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _read(self, folder: Path) -> Optional[Version]:
        try:
            data = json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Version(
            id=folder.name,
            path=folder,
            created=data.get("erstellt", ""),
            summary=list(data.get("aenderungen", [])),
            previous=data.get("vorherige"),
        )

    def all(self) -> List[Version]:
        """Every complete version, oldest first."""
        if not self.root.is_dir():
            return []
        folders = sorted(p for p in self.root.iterdir() if p.is_dir() and not p.is_symlink())
        return [v for v in (self._read(folder) for folder in folders) if v is not None]

    def get(self, version_id: str) -> Optional[Version]:
        folder = self.root / version_id
        return self._read(folder) if folder.is_dir() and version_id != LIVE_LINK else None

    def live(self) -> Optional[Version]:
        link = self.root / LIVE_LINK
        if not link.is_symlink():
            return None
        return self.get(os.readlink(link))

    def before(self, version: Version) -> Optional[Version]:
        """The version published just before this one (what a rollback returns to)."""
        older = [v for v in self.all() if v.id < version.id]
        return older[-1] if older else None

    def new_id(self, now: datetime) -> str:
        version_id = now.strftime(ID_FORMAT)
        suffix = 1
        while (self.root / version_id).exists():
            suffix += 1
            version_id = f"{now.strftime(ID_FORMAT)}-{suffix}"
        return version_id

    def create(
        self,
        project_dir: Path,
        model_file: Path,
        summary: Sequence[str],
        now: datetime,
    ) -> Version:
        """A new version from the project's staff files and a trained model (moved)."""
        self.root.mkdir(parents=True, exist_ok=True)
        version_id = self.new_id(now)
        live = self.live()
        building = self.root / f".{version_id}.unfertig"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        for relative in staff_files(project_dir):
            target = building / FILES_DIR / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project_dir / relative, target)
        shutil.copyfile(project_dir / PRACTICE_FILE, building / PRACTICE_FILE)
        shutil.move(str(model_file), building / f"praxis-{version_id}.tar.gz")
        info = {
            "erstellt": now.isoformat(timespec="seconds"),
            "aenderungen": list(summary),
            "vorherige": live.id if live else None,
        }
        (building / VERSION_FILE).write_text(
            json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        building.rename(self.root / version_id)
        return self.get(version_id)

    def set_live(self, version: Version) -> None:
        """Points `live` at the version; readers see the old or the new, never none."""
        link = self.root / LIVE_LINK
        temporary = self.root / f".{LIVE_LINK}.neu"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(version.id)
        os.replace(temporary, link)

    def unset_live(self) -> None:
        """No version is live (a first publish that could not be switched to)."""
        (self.root / LIVE_LINK).unlink(missing_ok=True)

    def clear_unfinished(self) -> None:
        """Removes folders of publishes that were interrupted."""
        if self.root.is_dir():
            for folder in self.root.glob(".*.unfertig"):
                shutil.rmtree(folder, ignore_errors=True)
