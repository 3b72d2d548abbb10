#!/usr/bin/env escript
%% The idiomatic Erlang/OTP 25 gateway shape, for the benchmark: one acceptor, one process per
%% connection, gen_tcp [binary, {packet,4}, {packet_size,65536}, {active,once}], each frame echoed;
%% on emsgsize (a declared length over packet_size) the connection is closed.
%% Usage: escript bench/otp/gateway.escript PORT   (0 = ephemeral; prints "listening PORT")
-mode(compile).

main([PortText]) ->
    {ok, L} = gen_tcp:listen(list_to_integer(PortText),
                             [binary, {packet, 4}, {packet_size, 65536}, {active, false},
                              {reuseaddr, true}, {ip, {127,0,0,1}}, {backlog, 4096}]),
    {ok, Port} = inet:port(L),
    io:format("listening ~b~n", [Port]),
    acceptor(L).

acceptor(L) ->
    {ok, S} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> ok = inet:setopts(S, [{active, once}]), loop(S) end end),
    ok = gen_tcp:controlling_process(S, Pid),
    Pid ! go,
    acceptor(L).

loop(S) ->
    receive
        {tcp, S, Frame} ->
            ok = gen_tcp:send(S, Frame),
            ok = inet:setopts(S, [{active, once}]),
            loop(S);
        {tcp_closed, S} -> ok;
        {tcp_error, S, _Reason} -> gen_tcp:close(S)
    end.
