"""The write path: articles in, a Chroma store out (load -> clean -> split -> embed -> write).

Importing this package sets the offline defaults every entry point needs before chromadb,
transformers or onnxruntime are imported. Users with internet can override any of them.
"""

import os

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)
