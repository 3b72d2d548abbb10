#!/usr/bin/env escript
%% The framing oracle: gen_tcp {packet,4} with {packet_size,65536}. For each connection it reads one
%% frame and prints "verdict PEERPORT frame LENGTH" or "verdict PEERPORT error REASON" (emsgsize for
%% a declared length over packet_size).
main(_) ->
    {ok, L} = gen_tcp:listen(0, [binary, {packet, 4}, {packet_size, 65536}, {active, false},
                                 {reuseaddr, true}, {ip, {127,0,0,1}}]),
    {ok, Port} = inet:port(L),
    io:format("port ~b~n", [Port]),
    accept(L).

accept(L) ->
    {ok, S} = gen_tcp:accept(L),
    {ok, {_, PeerPort}} = inet:peername(S),
    case gen_tcp:recv(S, 0, 3000) of
        {ok, Frame} -> io:format("verdict ~b frame ~b~n", [PeerPort, byte_size(Frame)]);
        {error, Reason} -> io:format("verdict ~b error ~p~n", [PeerPort, Reason])
    end,
    gen_tcp:close(S),
    accept(L).
