#!/usr/bin/env escript
%% A gen_tcp {packet,4} echo server on an ephemeral loopback port: prints "port N", then echoes
%% every frame on every connection until killed.
main(_) ->
    {ok, L} = gen_tcp:listen(0, [binary, {packet, 4}, {active, false}, {reuseaddr, true}, {ip, {127,0,0,1}}]),
    {ok, Port} = inet:port(L),
    io:format("port ~b~n", [Port]),
    accept(L).

accept(L) ->
    {ok, S} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> loop(S) end end),
    ok = gen_tcp:controlling_process(S, Pid),
    Pid ! go,
    accept(L).

loop(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, Frame} -> ok = gen_tcp:send(S, Frame), loop(S);
        {error, _} -> gen_tcp:close(S)
    end.
