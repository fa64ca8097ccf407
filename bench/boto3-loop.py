"""The engine bench's single-client loop in boto3, the client the engine's speed target was set
with: start a one-decision workflow, poll its decision task, complete it, one request at a time.

Usage: python3 bench/boto3-loop.py URL. Each line read from stdin is a number of cycles to run;
the answer is one line with the cycles per second. One process serves every round, so that its
start-up (and boto3's) is outside the measured time.
"""
import sys
import time
import uuid

import boto3
from botocore.config import Config

swf = boto3.client(
    "swf",
    endpoint_url=sys.argv[1],
    region_name="us-east-1",
    aws_access_key_id="x",
    aws_secret_access_key="x",
    config=Config(retries={"max_attempts": 1}),
)
WORKFLOW = {"name": "OneDecision", "version": "1"}
COMPLETE = [
    {"decisionType": "CompleteWorkflowExecution", "completeWorkflowExecutionDecisionAttributes": {}}
]
prefix = uuid.uuid4().hex


def cycles(count: int, round_: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        swf.start_workflow_execution(
            domain="bench", workflowId=f"boto3-{prefix}-{round_}-{i}", workflowType=WORKFLOW
        )
        task = swf.poll_for_decision_task(
            domain="bench", taskList={"name": WORKFLOW["name"]}, maximumPageSize=10
        )
        swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=COMPLETE)
    return count / (time.perf_counter() - started)


for round_, line in enumerate(sys.stdin):
    print(f"{cycles(int(line), round_):.1f}", flush=True)
