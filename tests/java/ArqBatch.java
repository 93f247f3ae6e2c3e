import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.jena.cmd.CmdException;
import org.apache.jena.cmd.TerminationException;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;

/**
 * Jena's own command line, {@code arq.sparql}, run many times in one JVM: a JVM start costs
 * about a second of CPU, a warm query a few milliseconds. Used by tests/jena.py only.
 *
 * <p>Each request is the argument list of one {@code arq.sparql} run; the answer is what that
 * run would give on the command line: its exit code and the bytes it wrote to standard output
 * and standard error. System.out and System.err are replaced once, before any Jena class is
 * loaded, by streams that write into the current request's buffers, so a stream a Jena class
 * keeps from its first use still writes into the right answer. The frames go over the process's
 * own file descriptors 0 and 1, which no Jena code reaches.
 *
 * <p>Frames (big-endian): a request is an int count, then count arguments, each an int length
 * and that many UTF-8 bytes; an answer is the int exit code, then standard output and standard
 * error, each an int length and the bytes. The JVM ends when its input ends.
 */
public final class ArqBatch {
    /** An output stream that writes into whichever buffer the current request set. */
    private static final class Switch extends OutputStream {
        private OutputStream target = OutputStream.nullOutputStream();

        synchronized void to(OutputStream buffer) {
            target = buffer;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }
    }

    /**
     * {@code arq.sparql} as its {@code main} runs it, but answering the exit code where the
     * command line ends the JVM: Jena's own {@code mainRun(false, false)} still calls
     * System.exit for a TerminationException (a query that does not parse, a missing file).
     * The messages and codes are those of CmdMain.mainRun in Jena 4.5.
     *
     * <p>The dataset the arguments name is read once, by Jena's own code on the first request,
     * and kept for the later requests with the same arguments over the same, unchanged files:
     * reading the data file is most of a warm query's time, and queries only read it.
     */
    private static final class Command extends arq.sparql {
        private static final Map<String, Dataset> LOADED = new HashMap<>();
        private final String[] args;

        Command(String[] args) {
            super(args);
            this.args = args;
        }

        @Override
        protected Dataset getDataset(Query query) {
            String key = datasetKey();
            Dataset dataset = LOADED.get(key);
            if (dataset == null) {
                dataset = super.getDataset(query);
                if (dataset != null) {
                    LOADED.put(key, dataset);
                }
            }
            return dataset;
        }

        /** Every argument but the query, each file with its length and modification time. */
        private String datasetKey() {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--query") || args[i].equals("--file")) {
                    i++;
                    continue;
                }
                File file = new File(args[i]);
                key.append(args[i]).append('\0');
                if (file.isFile()) {
                    key.append(file.length()).append(' ').append(file.lastModified()).append('\0');
                }
            }
            return key.toString();
        }

        int run() {
            try {
                mainMethod();
                return 0;
            } catch (TerminationException ex) {
                return ex.getCode();
            } catch (IllegalArgumentException ex) {
                ex.printStackTrace(System.err);
                return 1;
            } catch (CmdException ex) {
                if (ex.getMessage() != null && ex.getMessage().length() > 0) {
                    System.err.println(ex.getMessage());
                }
                if (ex.getCause() != null) {
                    ex.getCause().printStackTrace(System.err);
                }
                return 1;
            } catch (Exception ex) {
                ex.printStackTrace(System.err);
                return 2;
            }
        }
    }

    private ArqBatch() {}

    public static void main(String[] unused) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new java.io.FileInputStream(FileDescriptor.in)));
        DataOutputStream frames = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        Switch out = new Switch();
        Switch err = new Switch();
        // the default charset, as the command line's own System.out and System.err have
        PrintStream stdout = new PrintStream(out, true);
        PrintStream stderr = new PrintStream(err, true);
        System.setOut(stdout);
        System.setErr(stderr);
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        while (true) {
            int count;
            try {
                count = in.readInt();
            } catch (EOFException end) {
                return;
            }
            String[] args = new String[count];
            for (int i = 0; i < count; i++) {
                args[i] = new String(read(in), StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            out.to(answer);
            err.to(messages);
            int code;
            try {
                code = new Command(args).run();
            } catch (Throwable thrown) { // an Error: the command line's JVM ends with its trace and 1
                thrown.printStackTrace(stderr);
                code = 1;
            }
            stdout.flush();
            stderr.flush();
            out.to(OutputStream.nullOutputStream());
            err.to(OutputStream.nullOutputStream());
            frames.writeInt(code);
            write(frames, answer.toByteArray());
            write(frames, messages.toByteArray());
            frames.flush();
        }
    }

    private static byte[] read(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static void write(DataOutputStream frames, byte[] bytes) throws IOException {
        frames.writeInt(bytes.length);
        frames.write(bytes);
    }
}
