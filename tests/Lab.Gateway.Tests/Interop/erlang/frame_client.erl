#!/usr/bin/env escript
%% A gen_tcp {packet,4} client: sends frames of the given sizes to Host:Port and checks each echo.
%% Prints "echo SIZE ok" or "echo SIZE mismatch|error ..." per frame; exits 0 only if all match.
main([PortText | Sizes]) ->
    Port = list_to_integer(PortText),
    {ok, S} = gen_tcp:connect({127,0,0,1}, Port, [binary, {packet, 4}, {active, false}]),
    Results = [echo(S, list_to_integer(Size)) || Size <- Sizes],
    gen_tcp:close(S),
    halt(case lists:all(fun(R) -> R end, Results) of true -> 0; false -> 1 end).

echo(S, Size) ->
    Payload = list_to_binary([I rem 251 || I <- lists:seq(1, Size)]),
    ok = gen_tcp:send(S, Payload),
    case gen_tcp:recv(S, 0, 5000) of
        {ok, Payload} -> io:format("echo ~b ok~n", [Size]), true;
        {ok, Other} -> io:format("echo ~b mismatch ~b bytes~n", [Size, byte_size(Other)]), false;
        {error, Reason} -> io:format("echo ~b error ~p~n", [Size, Reason]), false
    end.
