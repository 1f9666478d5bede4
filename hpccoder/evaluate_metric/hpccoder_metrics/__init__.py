# Makes the metric script package data of hpccoder; `evaluate.load` reads hpccoder_metrics.py from this folder.
