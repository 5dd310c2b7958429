// What a streaming zip reader sees: Java's ZipInputStream reads the archive front to back
// from standard input, as a program extracting a download would, and prints one line per
// entry, "SHA-256 NAME" (the name as Java decodes it), or "error: MESSAGE" and exit 3 when
// it gives up. Run as a single source file: `java StreamZip.java < PACK.zip`.

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public class StreamZip {
    public static void main(String[] args) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = System.in; ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                sha.reset();
                int n;
                while ((n = zip.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                }
                System.out.println(HexFormat.of().formatHex(sha.digest()) + " " + entry.getName());
            }
        } catch (Exception e) {
            System.out.println("error: " + e);
            System.exit(3);
        }
    }
}
