"""Settings a test may change while the provider runs, kept in a JSON file in the
provider's data folder (so the test process writes them and they outlive a restart)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULT_ACCESS_TOKEN_LIFETIME = 3600  # seconds, as Google's and Microsoft's access tokens


def knobs_file(data_dir: Path) -> Path:
    return data_dir / "knobs.json"


def read(data_dir: Path) -> dict[str, Any]:
    try:
        return json.loads(knobs_file(data_dir).read_text())
    except FileNotFoundError:
        return {}


def write(data_dir: Path, **values: Any) -> None:
    """Merge ``values`` into the knobs file (atomically: the server may read it now)."""
    knobs = {**read(data_dir), **values}
    tmp = knobs_file(data_dir).with_suffix(".tmp")
    tmp.write_text(json.dumps(knobs))
    os.replace(tmp, knobs_file(data_dir))


def access_token_lifetime(request: Any = None) -> int:
    """The access token lifetime in seconds (oauthlib calls this for every token)."""
    data_dir = Path(os.environ["FOLLOWLINE_OAUTH_PROVIDER_DIR"])
    return int(read(data_dir).get("access_token_lifetime", DEFAULT_ACCESS_TOKEN_LIFETIME))
