package com.datacoves.jade.cli;

import com.datacoves.jade.auth.CreatedToken;
import com.datacoves.jade.auth.TokenRow;
import com.datacoves.jade.auth.TokenService;
import com.datacoves.jade.auth.UnknownAccountException;
import com.datacoves.jade.config.JadeEnvironment;
import com.datacoves.jade.config.SettingException;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jade tokens create|list|delete}: API key administration against the databases configured by Jade's
 * variables (the same as {@code serve}). Keys are printed only by {@code create}, once.
 */
@Command(name = "tokens", description = "Create, list and delete per-account API keys.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.DeleteTokens.class})
public class TokensCommand {

    @Spec
    CommandSpec spec;

    <T> T withService(java.util.function.Function<TokenService, T> work) {
        JadeEnvironment environment = new JadeEnvironment(System.getenv());
        Map<String, Object> cli = new java.util.HashMap<>(environment.properties());
        DatabaseProbe.check("jade", environment.jadeDatabase(), "DB_URL or DB_HOST/DB_PORT/DB_USER/DB_PASS/DB_NAME");
        DatabaseProbe.check("Datacoves", environment.datacovesDatabase(),
                "DATACOVES_DB_URL or DATACOVES_DB_HOST/_PORT/_USER/_PASS/_NAME");
        // the token commands need the databases only, not the object store
        cli.put("jade.storage.check-at-startup", false);
        cli.put("jade.index.background", false); // no job/run indexing in a one-shot command
        try (ApplicationContext context = ApplicationContext.builder().properties(cli).deduceEnvironment(false)
                .environments("cli").start()) {
            return work.apply(context.getBean(TokenService.class));
        }
    }

    /** {@code tokens create --account N [--name TEXT] [--allow-trigger]}. */
    @Command(name = "create", description = "Mint a key for an account; it is printed once and never shown again.")
    static class Create implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;
        @Option(names = "--account", required = true, description = "Datacoves account id")
        long account;
        @Option(names = "--name", description = "a short label, e.g. bigeye (default: default)")
        String name;
        @Option(names = "--allow-trigger", description = "let the key trigger, rerun and cancel runs (default: no)")
        boolean allowTrigger;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            CreatedToken created;
            try {
                created = parent.withService(s -> s.create(account, name, allowTrigger));
            } catch (UnknownAccountException | IllegalArgumentException e) {
                throw new SettingException(e.getMessage());
            }
            out.println(created.token());
            parent.spec.commandLine().getErr().printf("Token %d for account %d (%s, allow_trigger=%s). Store the key now: it is never shown again.%n",
                    created.id(), created.accountId(), created.name(), created.allowTrigger());
            return 0;
        }
    }

    /** {@code tokens list [--account N]}: ids, accounts, names, creation and last use; never keys or hashes. */
    @Command(name = "list", description = "List tokens (never keys or hashes).")
    static class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;
        @Option(names = "--account", description = "only this account's tokens")
        Long account;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<TokenRow> rows = parent.withService(s -> s.list(account));
            out.printf("%-6s %-8s %-20s %-14s %-25s %s%n", "ID", "ACCOUNT", "NAME", "ALLOW_TRIGGER", "CREATED",
                    "LAST USED");
            for (TokenRow r : rows) {
                out.printf("%-6d %-8d %-20s %-14s %-25s %s%n", r.id(), r.accountId(), r.name(), r.allowTrigger(), r.createdAt(),
                        r.lastUsedAt() == null ? "never" : r.lastUsedAt());
            }
            return 0;
        }
    }

    /** {@code tokens delete --id N} or {@code tokens delete --account N}. */
    @Command(name = "delete", description = "Revoke one token by id, or all tokens of an account.")
    static class DeleteTokens implements Callable<Integer> {
        @ParentCommand
        TokensCommand parent;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static class Target {
            @Option(names = "--id", required = true, description = "token id") Long id;
            @Option(names = "--account", required = true, description = "account id: revoke all its tokens") Long account;
        }

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            if (target.id != null) {
                boolean deleted = parent.withService(s -> s.delete(target.id));
                if (!deleted) {
                    throw new SettingException("no token with id " + target.id);
                }
                out.printf("Deleted token %d.%n", target.id);
            } else {
                int n = parent.withService(s -> s.deleteByAccount(target.account));
                out.printf("Deleted %d token(s) of account %d.%n", n, target.account);
            }
            return 0;
        }
    }
}
