// The idiomatic Go shape of the benchmark's reference server (bench/otp/gateway.escript is the behaviour
// copied): one goroutine per connection, bufio.Reader and bufio.Writer, each {packet,4} frame (a 4-byte
// big-endian length, then the payload) echoed whole; a declared length over 65536 closes the connection
// with no reply, as gen_tcp's {packet_size,65536} does (emsgsize). Standard library only.
// Usage: echo PORT   (0 = ephemeral; prints "listening PORT")
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
)

const maxPacket = 65536

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: echo PORT")
		os.Exit(2)
	}
	port, err := strconv.Atoi(os.Args[1])
	if err != nil || port < 0 || port > 65535 {
		fmt.Fprintf(os.Stderr, "not a port: %s\n", os.Args[1])
		os.Exit(2)
	}
	l, err := listen(port)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// os.Stdout is unbuffered: the line is out when Printf returns.
	fmt.Printf("listening %d\n", l.Addr().(*net.TCPAddr).Port)
	// SIGTERM keeps the runtime's default action: the process exits at once (status 2).
	for {
		c, err := l.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go serve(c)
	}
}

// listen opens 127.0.0.1:port with SO_REUSEADDR and a backlog of 4096, as the OTP script's gen_tcp:listen
// does. net.Listen sets SO_REUSEADDR too, but its backlog is net.core.somaxconn, not a number of our choosing.
func listen(port int) (net.Listener, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, syscall.IPPROTO_TCP)
	if err != nil {
		return nil, fmt.Errorf("socket: %w", err)
	}
	file := os.NewFile(uintptr(fd), "listener")
	defer file.Close() // net.FileListener holds its own duplicate
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		return nil, fmt.Errorf("SO_REUSEADDR: %w", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return nil, fmt.Errorf("bind 127.0.0.1:%d: %w", port, err)
	}
	if err := syscall.Listen(fd, 4096); err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	return net.FileListener(file)
}

// serve echoes frames until the peer closes, an error, or an oversized length. It flushes only when the
// reader has nothing more buffered, so frames that arrived pipelined go back in one write.
func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	var header [4]byte
	var payload []byte
	for {
		if _, err := io.ReadFull(r, header[:]); err != nil {
			return
		}
		n := binary.BigEndian.Uint32(header[:])
		if n > maxPacket {
			return
		}
		if cap(payload) < int(n) {
			payload = make([]byte, n)
		}
		payload = payload[:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return
		}
		w.Write(header[:])
		w.Write(payload)
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return
			}
		}
	}
}
