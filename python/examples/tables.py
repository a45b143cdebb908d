"""The observers of round 20 from the tidy tables in pandas: meetings
joined to the facts that attest their participants. Runs with pandas
alone (`numpy_nullable` dtypes) or with pyarrow too (Arrow-backed columns,
no copy); `round` is an integer column either way."""

from __future__ import annotations

import sys
from typing import Any

from astana_corpus import Corpus


def main() -> int:
    corpus = Corpus.embedded()
    meetings: Any = corpus.table("meetings").to_pandas()
    attested: Any = corpus.table("meeting_attestations").to_pandas()
    print(f"round: {meetings['round'].dtype}")
    twentieth = meetings[meetings["round"] == 20]["meeting_id"]
    observers = attested[
        attested["meeting_id"].isin(twentieth)
        & (attested["value"] == "participant")
        & (attested["role"] == "observer")
    ]
    print("round 20 observers:", ", ".join(observers["entity_id"].drop_duplicates()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
