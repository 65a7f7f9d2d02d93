/**
 * One class per command: parse options, call the API or the preview, print, return the exit code.
 */
package io.flotilla.cli.commands;
