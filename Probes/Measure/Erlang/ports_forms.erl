#!/usr/bin/env escript
%% Runs in a network namespace whose ephemeral ports are all in use. Tries each way an Erlang program
%% opens an outgoing connection and prints the error atom it gets: "form NAME ATOM" per form, then
%% "ports BEFORE AFTER": two #Port ids taken around the attempts, to show failed connects use ids too.
main([PortText]) ->
    Port = list_to_integer(PortText),
    {ok, _} = application:ensure_all_started(inets),
    Before = port_number(open_port({spawn, "true"}, [])),
    report("plain", gen_tcp:connect({127,0,0,1}, Port, [], 2000)),
    report("ip", gen_tcp:connect({127,0,0,1}, Port, [{ip, {0,0,0,0}}], 2000)),
    report("port0", gen_tcp:connect({127,0,0,1}, Port, [{port, 0}], 2000)),
    report("httpc", httpc:request(get, {"http://127.0.0.1:" ++ PortText ++ "/", []}, [{timeout, 2000}], [])),
    After = port_number(open_port({spawn, "true"}, [])),
    io:format("ports ~b ~b~n", [Before, After]).

report(Form, {ok, S}) when is_port(S) -> gen_tcp:close(S), io:format("form ~s ok~n", [Form]);
report(Form, {ok, _}) -> io:format("form ~s ok~n", [Form]);
report(Form, {error, Reason}) -> io:format("form ~s ~p~n", [Form, atom_of(Reason)]).

atom_of(A) when is_atom(A) -> A;
atom_of({failed_connect, Details}) ->
    case lists:keyfind(inet, 1, Details) of
        {inet, _, R} when is_atom(R) -> R;
        _ -> failed_connect
    end;
atom_of(Other) -> list_to_atom(lists:flatten(io_lib:format("~p", [Other]))).

port_number(P) ->
    "#Port<0." ++ Rest = erlang:port_to_list(P),
    list_to_integer(lists:takewhile(fun(C) -> C =/= $> end, Rest)).
