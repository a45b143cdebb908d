"""Validation on Spark, for corpora past one machine.

The per-article checks are a map over files (`mapPartitions`: each
partition rebuilds the head, the manifest, registry and retired ids
broadcast from the driver, and checks its files); the cross-file checks
are a merge of the articles' small summaries, collected to the driver.
The report equals the one `validate` gives on one machine."""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Iterator, List, Optional, Tuple

from . import Path, Report, _finding, _native, _suppressed

__all__ = ["validate"]


def validate(spark: Any, path: Path, *, partitions: Optional[int] = None) -> Report:
    """Validates the data folder `path` with `spark` (a `SparkSession`),
    which every executor must be able to read at the same path."""
    root = os.path.abspath(os.fspath(path))
    head = _native.NativeHead.read(root)
    files = head.articles()
    context = spark.sparkContext
    documents = context.broadcast(head.documents())

    def check(share: Iterable[str]) -> Iterator[Tuple[str, str]]:
        from astana_corpus._native import NativeHead

        worker = NativeHead.from_documents(documents.value)
        for file in share:
            yield worker.check_article_in(root, file)

    slices = partitions or max(1, min(len(files), context.defaultParallelism * 4))
    checked: List[Tuple[str, str]] = (
        context.parallelize(files, slices).mapPartitions(check).collect() if files else []
    )
    documents.unpersist()
    merged = json.loads(head.merge(root, [summary for _, summary in checked]))
    findings = [_finding(f) for f in merged["findings"]]
    suppressed = [_suppressed(s) for s in merged["suppressed"]]
    for out, _ in checked:
        part = json.loads(out)
        findings.extend(_finding(f) for f in part["findings"])
        suppressed.extend(_suppressed(s) for s in part["suppressed"])
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule, f.pointer))
    suppressed.sort(key=lambda s: (s.file, s.rule))
    severity = dict(_native.rule_severities())
    summary = dict(merged["summary"])
    for level in ("error", "warning"):
        summary[f"{level}s"] = sum(f.severity == level for f in findings) + sum(
            s.count for s in suppressed if severity.get(s.rule) == level
        )
    return Report(
        findings=tuple(findings),
        suppressed=tuple(suppressed),
        summary=summary,
        path=root,
    )
