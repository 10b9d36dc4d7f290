"""How a batch of predictions is answered: one outcome per row, so one bad row fails only itself."""
import json
import sys
import traceback
import uuid

from roro_runtime import answers
from roro_runtime.answers import DEADLINE, TIMED_OUT, Answer, BadInput, Outcome, PredictionTimeout


class BatchAnswers:
    """The batch side of serve.Service (which gives call, check, error, internal_error, name, batch_function)."""

    def run_batch(self, payloads):
        """One Outcome per payload, in order, as call() gives it. A row the batch
        function answers with an exception is that row's error (BadInput: 400 with its message); a batch function
        that raises is retried row by row through the single function, so one bad row fails only itself."""
        try:
            with DEADLINE:
                results = list(self.batch_function(payloads))
            if len(results) != len(payloads):
                raise ValueError("%s_batch returned %d results for %d inputs" % (self.name, len(results),
                                                                                 len(payloads)))
        except PredictionTimeout:
            sys.stderr.write("roro: %s_batch(%d inputs) stopped: %s\n" % (self.name, len(payloads),
                                                                        answers.timed_out_message()))
            sys.stderr.flush()
            return [Outcome.failed(self.internal_error(TIMED_OUT, ""))] * len(payloads)
        except Exception:
            sys.stderr.write("roro: %s_batch(%d inputs) failed; answering its rows one by one\n%s"
                             % (self.name, len(payloads), traceback.format_exc()))
            sys.stderr.flush()
            return [self.call(payload, "") for payload in payloads]
        return [self.row_outcome(result) for result in results]

    def row_outcome(self, result):
        """What one row of a batch answered: its result, or the error it gave as an exception."""
        if isinstance(result, BadInput):
            return Outcome.failed(self.error("400 Bad Request", str(result), ""))
        if isinstance(result, BaseException):
            return self.failure("%s_batch returned %r for a row" % (self.name, result))
        try:
            body = self.json(result)  # encoded once, here: what cannot be encoded fails only its row
        except (TypeError, ValueError) as e:
            return self.failure("%s_batch returned a row JSON cannot hold: %s" % (self.name, e))
        return Outcome("200 OK", body, "application/json", result)

    def failure(self, what):
        """A 500 with an id for the client, and what happened in the log."""
        error_id = uuid.uuid4().hex[:12]
        sys.stderr.write("roro: error %s: %s\n" % (error_id, what))
        sys.stderr.flush()
        return Outcome.failed(self.internal_error(error_id, ""))

    def call_batch(self, payload, path):
        for i, item in enumerate(payload):
            problem = self.check(item, "item %d: " % i)
            if problem is not None:
                return problem._replace(route=path)
        outcomes = self.run_batch(payload)
        for i, outcome in enumerate(outcomes):
            if not outcome.ok():
                return self.error(outcome.status, "item %d: %s" % (i, json.loads(outcome.body)["error"]), path)
        return Answer("200 OK", self.json([outcome.result for outcome in outcomes]), "application/json", path)
