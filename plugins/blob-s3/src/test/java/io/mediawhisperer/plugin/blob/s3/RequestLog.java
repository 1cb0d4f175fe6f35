package io.mediawhisperer.plugin.blob.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records which S3 operations a store asked for (once per call, retries aside) and the Range headers it sent. */
final class RequestLog implements ExecutionInterceptor {

  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    operations.add(context.request().getClass().getSimpleName().replace("Request", ""));
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    context.httpRequest().firstMatchingHeader("Range").ifPresent(ranges::add);
  }

  long count(String operation) {
    return operations.stream().filter(operation::equals).count();
  }

  List<String> ranges() {
    return List.copyOf(ranges);
  }

  void clear() {
    operations.clear();
    ranges.clear();
  }
}
