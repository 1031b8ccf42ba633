package io.ghostflink.operators.copy;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The copy planner's queries, for ITs outside its package that run them on a real server. */
public final class PlannerProbe implements AutoCloseable {
  private final ChunkPlanner planner;

  public PlannerProbe(CopySpec spec) throws SQLException {
    planner = new ChunkPlanner(spec);
    planner.open();
  }

  public List<byte[][]> laneStarts(int lanes) throws SQLException {
    return planner.laneStarts(lanes);
  }

  public Optional<byte[][]> splitPoint(byte[][] lower, byte[][] upper) throws SQLException {
    return planner.splitPoint(lower, upper);
  }

  public Optional<byte[][]> nextUpperBound(byte[][] lower, byte[][] upper, int rows)
      throws SQLException {
    return planner.nextUpperBound(lower, upper, rows);
  }

  @Override
  public void close() {
    planner.close();
  }
}
