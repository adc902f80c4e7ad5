"""The usual script: pandas read_excel over every workbook in a folder (benches/run.sh)."""
import glob
import sys

import pandas as pd

rows = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.xlsx")):
    for df in pd.read_excel(f, sheet_name=None).values():
        rows += len(df)
print(rows)
