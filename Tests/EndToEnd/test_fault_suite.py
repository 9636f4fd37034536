"""The fault suite's bounded form in the test command: one run with a light
load (deploy/fault-suite runs it three times with more)."""
from fault_suite import passed, run_once


def test_under_load_every_crash_and_restart_loses_nothing_and_doubles_nothing(services):
    result = run_once(services, seconds=30, rate=5)
    assert passed(result), result
