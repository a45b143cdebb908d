"""PySpark in local mode reads the bundle's Parquet tables and answers the
README's question (who observed round 20) with the same four names as
DuckDB: how a user who outgrows one machine would use the same files on a
cluster. Usage: spark_client.py BUNDLE_DIR"""

import os
import re
import sys
from pathlib import Path

from pyspark.sql import SparkSession

bundle = Path(sys.argv[1]).resolve()
# The JVM resolves relative paths against the folder it started in: start
# it in the bundle, where the dataset card's recipe runs.
os.chdir(bundle)
spark = (
    SparkSession.builder.master("local[2]")
    .appName("astana-corpus")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
for name in ["facts", "participants", "entities"]:
    spark.read.parquet(str(bundle / "parquet" / name)).createOrReplaceTempView(name)
# parquet/ as a whole is not a table: Spark must refuse it, not merge them.
try:
    whole = spark.read.parquet(str(bundle / "parquet")).count()
    refused = f"read {whole} rows"
except Exception as e:  # AnalysisException or a Java error, by version
    refused = None
    reason = str(e).splitlines()[0][:100]
types = dict(spark.table("facts").dtypes)
rows = spark.sql(
    """
    SELECT e.name_en FROM facts f
    JOIN participants p ON p.fact_id = f.fact_id
    JOIN entities e ON e.entity_id = p.entity_id
    WHERE f.kind = 'meeting' AND f.round = 20 AND p.role = 'observer'
    ORDER BY e.name_en
    """
).collect()
answer = [r.name_en for r in rows]
expected = ["Iraq", "Jordan", "Lebanon", "United Nations"]
# The dataset card's Spark recipe, verbatim, in the bundle's folder.
card = (bundle / "README.md").read_text(encoding="utf-8")
recipe = next(code for code in re.findall(r"```python\n(.*?)```", card, re.S) if code.startswith("# spark\n"))
namespace = {}
exec(recipe, namespace)
card_ok = namespace["observers"] == expected
print(f"{'ok  ' if card_ok else 'FAIL'} spark card recipe: {namespace['observers']}")
spark.stop()
ok = answer == expected and types["round"] == "bigint" and types["date_first_day"] == "date"
print(f"{'ok  ' if ok else 'FAIL'} spark observers of round 20: {answer} (round {types['round']}, date_first_day {types['date_first_day']})")
print(f"{'ok  ' if refused is None else 'FAIL'} spark refuses parquet/ as one table: {refused or reason}")
sys.exit(0 if ok and card_ok and refused is None else 1)
