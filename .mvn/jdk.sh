# Finds a Java runtime new enough for MCP Ambassador. Sourced (POSIX sh) by ./mvnw, ./start-server,
# ./ambassador and .ci/run, so they all pick the same one.
#
#   ambassador_find_java TOOL NEED
#
# TOOL names the caller in messages; NEED is "jdk" (a compiler is needed, as for building) or
# "java" (running a jar is enough). Looks, in this order, at JAVA_HOME, the `java` on PATH, then
# every JDK under the directories in AMBASSADOR_JDK_DIRS (colon-separated; by default /usr/lib/jvm
# and the macOS JavaVirtualMachines folder), newest first. The first one with Java 21 or newer
# wins. On success JAVA_HOME is set and exported and PATH starts with its bin directory; when the
# pick is not what JAVA_HOME or PATH already offered, one line on stderr says which one is used.
# When there is none, a message saying what to install goes to stderr and the result is 1.

AMBASSADOR_MIN_JAVA=21

ambassador_java_major() {
  # java.specification.version is "17", "21", "25" (or "1.8" for the very old).
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | sed 's/^1$/8/'
}

# Usable when bin/java runs and is new enough, and bin/javac exists when a compiler is needed.
ambassador_java_usable() {
  [ -x "$1/bin/java" ] || return 1
  [ "$2" = java ] || [ -x "$1/bin/javac" ] || return 1
  major=$(ambassador_java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge "$AMBASSADOR_MIN_JAVA" ]
}

ambassador_find_java() {
  tool=$1
  need=$2
  seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    if ambassador_java_usable "$JAVA_HOME" "$need"; then
      export JAVA_HOME
      PATH="$JAVA_HOME/bin:$PATH"
      export PATH
      return 0
    fi
    seen="JAVA_HOME=$JAVA_HOME (Java $(ambassador_java_major "$JAVA_HOME/bin/java" 2>/dev/null || true))"
  fi
  on_path=$(command -v java 2>/dev/null || true)
  if [ -n "$on_path" ]; then
    path_home=$(dirname "$(dirname "$(readlink -f "$on_path")")")
    if ambassador_java_usable "$path_home" "$need"; then
      if [ -n "$seen" ]; then
        echo "$tool: $seen is too old or not a JDK; using Java $(ambassador_java_major "$path_home/bin/java") at $path_home" >&2
      fi
      JAVA_HOME=$path_home
      export JAVA_HOME
      PATH="$JAVA_HOME/bin:$PATH"
      export PATH
      return 0
    fi
    seen="${seen:+$seen, }$on_path (Java $(ambassador_java_major "$on_path"))"
  fi
  dirs=${AMBASSADOR_JDK_DIRS:-/usr/lib/jvm:/Library/Java/JavaVirtualMachines}
  old_ifs=$IFS
  IFS=:
  for dir in $dirs; do
    IFS=$old_ifs
    [ -d "$dir" ] || continue
    # Newest first; a macOS bundle keeps its JDK in Contents/Home.
    for candidate in $(ls -d "$dir"/*/ 2>/dev/null | sort -rV); do
      candidate=${candidate%/}
      [ -d "$candidate/Contents/Home" ] && candidate="$candidate/Contents/Home"
      if ambassador_java_usable "$candidate" "$need"; then
        echo "$tool: using Java $(ambassador_java_major "$candidate/bin/java") at $candidate${seen:+ (found too old: $seen)}" >&2
        JAVA_HOME=$candidate
        export JAVA_HOME
        PATH="$JAVA_HOME/bin:$PATH"
        export PATH
        return 0
      fi
    done
  done
  IFS=$old_ifs
  what="a JDK"
  [ "$need" = java ] && what="a Java runtime"
  {
    echo "$tool: MCP Ambassador needs $what $AMBASSADOR_MIN_JAVA or newer, and none was found."
    [ -n "$seen" ] && echo "  Too old or incomplete: $seen."
    echo "  Looked at JAVA_HOME, the java on PATH and under ${dirs}."
    echo "  Install one, for example the Debian/Ubuntu package openjdk-21-jdk (or any JDK 21+,"
    echo "  such as Eclipse Temurin 21), or set JAVA_HOME to it."
  } >&2
  return 1
}
