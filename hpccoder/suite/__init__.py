from hpccoder.suite.problem import Problem, Suite, Task, split_task_id

__all__ = ["Problem", "Suite", "Task", "split_task_id"]
