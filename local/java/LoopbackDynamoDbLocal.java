import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no option for the address it binds (it
 * listens on every interface, and checks no signature); this builds the server from the usual command line, sets
 * the host of its Jetty connectors to the loopback address, then starts it. Reflection only, so it compiles without
 * the jar and survives its upgrades. Built by `npm run build:java` (`javac --release 17`); the class is kept next to
 * this file so that a Java runtime without a compiler can run it.
 */
public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) {
      Method setHost = connector.getClass().getMethod("setHost", String.class);
      setHost.invoke(connector, "127.0.0.1");
    }
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1");
  }
}
