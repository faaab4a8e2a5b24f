package cn.onething.http;

/** Thrown (or failed with) by a handler to answer with a problem; the failure handler writes it. */
public final class ProblemException extends RuntimeException {
  private final Problem problem;

  ProblemException(Problem problem) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
